"""OPDC staff operate the outbox in the admin (outbox/admin_views.py): they see its messages and
retry them, and read those retries in Wagtail's site history, which shows a model's log
entries to holders of one of its permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPDC_STAFF = "OPDC staff"  # accounts.models.Role.OPDC_STAFF; get_or_create, as accounts does
PERMISSIONS = ["view_outboxmessage", "change_outboxmessage"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them exist now.
    app_config = apps.get_app_config("outbox")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=OPDC_STAFF)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="outbox", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=OPDC_STAFF):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="outbox", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0002_redelivery_sweep"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
