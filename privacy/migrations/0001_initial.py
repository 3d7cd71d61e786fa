"""DataRequest moves from the project package (app ``lms``) to this app, keeping its rows.

``lms`` 0006 renamed the table to this app's name and dropped the model from its own state;
here the model's state is created on that table (no database change), and its content type is
renamed, so the OPDC staff group's ``view_datarequest`` and ``change_datarequest`` (granted by
``lms`` 0002) become ``privacy.*`` and Wagtail's logs keep pointing at the model. On a fresh
database ``lms`` 0001-0006 create and rename the table first, and the same steps follow.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

MODELS = ["datarequest"]
OPDC_STAFF_PERMISSIONS = ["view_datarequest", "change_datarequest"]


def content_types_to_privacy(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="privacy", model=model).exists():
            ContentType.objects.filter(app_label="lms", model=model).update(app_label="privacy")


def content_types_to_lms(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="lms", model=model).exists():
            ContentType.objects.filter(app_label="privacy", model=model).update(app_label="lms")


def grant_opdc_staff_on_a_new_database(apps, schema_editor):
    """lms 0002 granted these on the models of the running code, which no longer has the model
    in lms: on a database created after the move it granted nothing, so grant them here. Where
    the permissions came over from lms with their content type, their grants came too, and
    they are left as staff set them."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(
        content_type__app_label="privacy", codename__in=OPDC_STAFF_PERMISSIONS
    )
    if ours.exists():
        return
    # Permissions are normally created after all migrations; make them exist now.
    app_config = apps.get_app_config("privacy")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group, _ = Group.objects.get_or_create(name="OPDC staff")
    group.permissions.add(*ours)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The renamed table (and, before it, lms 0002's grants to OPDC staff).
        ("lms", "0006_datarequest_moved_to_privacy"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DataRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('export', 'Export of my data'), ('erasure', 'Erasure'), ('restriction', 'Restriction of processing')], max_length=16, verbose_name='kind')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for OPDC staff'), ('done', 'Done'), ('restricted', 'Kept and restricted'), ('refused', 'Refused')], default='pending', max_length=16, verbose_name='status')),
                        ('reason', models.TextField(blank=True, help_text='Why records are kept or the request is refused (shown to the person).', verbose_name='reason')),
                        ('outcome', models.TextField(blank=True, editable=False, verbose_name='what was done')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                        ('handled_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='handled at')),
                        ('handled_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='data_requests', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                    ],
                    options={
                        'verbose_name': 'personal data request',
                        'verbose_name_plural': 'personal data requests',
                        'ordering': ['-requested_at'],
                        'indexes': [models.Index(fields=['status', 'requested_at'], name='datarequest_status_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('person', 'kind'), name='datarequest_one_pending_per_kind'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'restricted'), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='datarequest_restricted_has_reason')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_privacy, content_types_to_lms),
        migrations.RunPython(grant_opdc_staff_on_a_new_database, migrations.RunPython.noop),
    ]
