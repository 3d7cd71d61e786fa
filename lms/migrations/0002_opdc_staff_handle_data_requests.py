from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["view_datarequest", "change_datarequest"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them exist now.
    app_config = apps.get_app_config("lms")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="OPDC staff")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="lms", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="OPDC staff"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="lms", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_data_requests"),
        ("accounts", "0003_create_roles"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
