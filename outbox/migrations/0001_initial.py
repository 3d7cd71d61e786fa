"""OutboxMessage moves from the project package (app ``lms``) to this app, keeping its rows.

``lms`` 0005 renamed the table to this app's name and dropped the model from its own state;
here the model's state is created on that table (no database change), and its content type is
renamed, so permissions and logs keep pointing at the model. On a fresh database ``lms``
0003-0005 create and rename the table first, and the same steps follow.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["outboxmessage"]


def content_types_to_outbox(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        # On a fresh database the old one never existed (content types are made after migrate).
        if not ContentType.objects.filter(app_label="outbox", model=model).exists():
            ContentType.objects.filter(app_label="lms", model=model).update(app_label="outbox")


def content_types_to_lms(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="lms", model=model).exists():
            ContentType.objects.filter(app_label="outbox", model=model).update(app_label="lms")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("lms", "0005_outboxmessage_moved_to_outbox"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutboxMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('task', models.CharField(help_text='Dotted path of the task.', max_length=255, verbose_name='task')),
                        ('args', models.JSONField(blank=True, default=list, verbose_name='arguments')),
                        ('kwargs', models.JSONField(blank=True, default=dict, verbose_name='keyword arguments')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='claimed at')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered at')),
                        ('attempts', models.PositiveIntegerField(default=0, verbose_name='publish attempts')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('recipient', models.EmailField(blank=True, help_text='The address an e-mail goes to.', max_length=254, verbose_name='recipient')),
                        ('about_user', models.ForeignKey(blank=True, help_text='The learner an e-mail to someone else names (an at-risk alert to a trainer).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='about')),
                        ('recipient_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name="recipient's account")),
                    ],
                    options={
                        'verbose_name': 'outbox message',
                        'verbose_name_plural': 'outbox messages',
                        'ordering': ['created_at', 'id'],
                        'indexes': [models.Index(condition=models.Q(('published_at__isnull', True)), fields=['created_at'], name='outbox_unpublished_idx')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_outbox, content_types_to_lms),
    ]
