from django.db import migrations


def setup(apps, schema_editor):
    from cms.editorial import setup_opdc_approval

    setup_opdc_approval(apps)


class Migration(migrations.Migration):
    """The OPDC approval workflow and page permissions (see cms/editorial.py). Home pages made
    later (the demo loader, a new site) get theirs from `setup_opdc_approval` as well."""

    dependencies = [
        ("cms", "0005_course_teaching_language"),
        ("accounts", "0003_create_roles"),
        ("wagtailcore", "0001_initial"),
    ]
    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
