from django.db import migrations


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in ("th", "en"):
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_seed_provinces"), ("wagtailcore", "0001_initial")]
    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
