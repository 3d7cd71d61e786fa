from django.contrib.auth.management import create_permissions
from django.db import migrations

OPDC_STAFF = "OPDC staff"  # accounts.models.Role.OPDC_STAFF; get_or_create, as accounts does
MODELS = ["stagechange", "adoption", "nationalstrategy", "masterplan", "subplantarget"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them exist now, for the
    # models as they are at this migration (apps=apps): the tracker's models have since moved
    # to the tracker app, which renames these content types (tracker 0001).
    app_config = apps.get_app_config("cms")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=OPDC_STAFF)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="cms", content_type__model__in=MODELS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_seed_national_strategy"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
