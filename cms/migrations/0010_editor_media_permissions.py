from django.db import migrations


def grant(apps, schema_editor):
    from cms.editorial import grant_media_permissions

    grant_media_permissions(apps)


class Migration(migrations.Migration):
    """Trainers upload and choose images and documents for the pages they write; OPDC staff
    manage all of them (cms/editorial.py MEDIA_PERMISSIONS)."""

    dependencies = [
        ("cms", "0009_opdc_staff_tracker_permissions"),
        ("wagtailimages", "0001_initial"),
        ("wagtaildocs", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
