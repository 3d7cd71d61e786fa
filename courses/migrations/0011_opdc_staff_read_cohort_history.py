"""OPDC staff read who viewed and exported rosters (``courses.roster_viewed``, logged on the
cohort) in Wagtail's site history report, which shows a model's log entries only to holders of
one of its permissions. ``view_cohort`` grants nothing else: the cohort screens ask
``courses.wagtail_hooks.CohortPermissionPolicy``, which does not read Django's permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPDC_STAFF = "OPDC staff"  # accounts.models.Role.OPDC_STAFF; get_or_create, as accounts does


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them exist now.
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=OPDC_STAFF)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="courses", codename="view_cohort")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=OPDC_STAFF):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="courses", codename="view_cohort")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0010_session_late_after_minutes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
