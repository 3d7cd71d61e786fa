"""The scale-up tracker's models move here from cms, keeping every row.

cms created the tables (cms 0007) and still names them: this migration only tells Django's
state that the models now belong to this app (cms 0012 removes them from cms's state, touching
no table), then moves their content types, so the OPDC staff group's permissions (cms 0009),
Wagtail's logs and references keep pointing at them. Migration 0002 renames the tables.
"""

import django.db.models.deletion
import modelcluster.fields
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The models as they were in cms (0007), with cms's table names.
STATE_OPERATIONS = [
    migrations.CreateModel(
        name='Adoption',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('evidence_text', models.TextField(blank=True, help_text='What shows this happened, in a sentence or two.', verbose_name='evidence')),
            ('evidence_url', models.URLField(blank=True, max_length=500, verbose_name='evidence link')),
            ('started_on', models.DateField(help_text='Counted in the Thai fiscal year this date falls in.', verbose_name='start date')),
            ('stage_reached', models.CharField(choices=[('idea', 'Idea'), ('prototype', 'Prototype'), ('pilot', 'Pilot'), ('scaling', 'Scaling up'), ('institutionalised', 'Institutionalised')], default='pilot', max_length=20, verbose_name='stage reached')),
            ('people_served', models.PositiveIntegerField(default=0, help_text='Citizens or staff served so far.', verbose_name='people served')),
            ('created_at', models.DateTimeField(auto_now_add=True)),
            ('updated_at', models.DateTimeField(auto_now=True)),
            ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='adoptions', to='cms.agency', verbose_name='adopting agency')),
            ('evidence_document', models.ForeignKey(blank=True, help_text='A letter, order or report, uploaded to the document library.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtaildocs.document', verbose_name='evidence document')),
            ('prototype', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='adoptions', to='cms.casestudypage', verbose_name='prototype')),
            ('provinces', modelcluster.fields.ParentalManyToManyField(blank=True, help_text='Where the adopting agency runs it.', related_name='adoptions', to='cms.province', verbose_name='provinces')),
        ],
        options={
            'db_table': 'cms_adoption',
            'verbose_name': 'adoption',
            'verbose_name_plural': 'adoptions',
            'ordering': ['-started_on', '-pk'],
        },
    ),
    migrations.CreateModel(
        name='AdoptionOutcome',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('name_th', models.CharField(max_length=255, verbose_name='what was measured (Thai)')),
            ('name_en', models.CharField(max_length=255, verbose_name='what was measured (English)')),
            ('unit', models.CharField(help_text='e.g. days, baht, per cent', max_length=64, verbose_name='unit')),
            ('before', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='before')),
            ('after', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='after')),
            ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
            ('adoption', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='outcomes', to='tracker.adoption', verbose_name='adoption')),
        ],
        options={
            'db_table': 'cms_adoptionoutcome',
            'verbose_name': 'outcome',
            'verbose_name_plural': 'outcomes',
            'ordering': ['sort_order', 'pk'],
        },
    ),
    migrations.CreateModel(
        name='HistoricalAdoption',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('evidence_text', models.TextField(blank=True, help_text='What shows this happened, in a sentence or two.', verbose_name='evidence')),
            ('evidence_url', models.URLField(blank=True, max_length=500, verbose_name='evidence link')),
            ('started_on', models.DateField(help_text='Counted in the Thai fiscal year this date falls in.', verbose_name='start date')),
            ('stage_reached', models.CharField(choices=[('idea', 'Idea'), ('prototype', 'Prototype'), ('pilot', 'Pilot'), ('scaling', 'Scaling up'), ('institutionalised', 'Institutionalised')], default='pilot', max_length=20, verbose_name='stage reached')),
            ('people_served', models.PositiveIntegerField(default=0, help_text='Citizens or staff served so far.', verbose_name='people served')),
            ('created_at', models.DateTimeField(blank=True, editable=False)),
            ('updated_at', models.DateTimeField(blank=True, editable=False)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cms.agency', verbose_name='adopting agency')),
            ('evidence_document', models.ForeignKey(blank=True, db_constraint=False, help_text='A letter, order or report, uploaded to the document library.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wagtaildocs.document', verbose_name='evidence document')),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('prototype', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cms.casestudypage', verbose_name='prototype')),
        ],
        options={
            'db_table': 'cms_historicaladoption',
            'verbose_name': 'historical adoption',
            'verbose_name_plural': 'historical adoptions',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalAdoptionOutcome',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('name_th', models.CharField(max_length=255, verbose_name='what was measured (Thai)')),
            ('name_en', models.CharField(max_length=255, verbose_name='what was measured (English)')),
            ('unit', models.CharField(help_text='e.g. days, baht, per cent', max_length=64, verbose_name='unit')),
            ('before', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='before')),
            ('after', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='after')),
            ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
        ],
        options={
            'db_table': 'cms_historicaladoptionoutcome',
            'verbose_name': 'historical outcome',
            'verbose_name_plural': 'historical outcomes',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='HistoricalStageChange',
        fields=[
            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
            ('evidence_text', models.TextField(blank=True, help_text='What shows this happened, in a sentence or two.', verbose_name='evidence')),
            ('evidence_url', models.URLField(blank=True, max_length=500, verbose_name='evidence link')),
            ('stage', models.CharField(choices=[('idea', 'Idea'), ('prototype', 'Prototype'), ('pilot', 'Pilot'), ('scaling', 'Scaling up'), ('institutionalised', 'Institutionalised')], max_length=20, verbose_name='stage')),
            ('changed_on', models.DateField(help_text='When the prototype reached this stage.', verbose_name='date')),
            ('recorded_at', models.DateTimeField(blank=True, editable=False, verbose_name='recorded at')),
            ('history_id', models.AutoField(primary_key=True, serialize=False)),
            ('history_date', models.DateTimeField(db_index=True)),
            ('history_change_reason', models.CharField(max_length=100, null=True)),
            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ('evidence_document', models.ForeignKey(blank=True, db_constraint=False, help_text='A letter, order or report, uploaded to the document library.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wagtaildocs.document', verbose_name='evidence document')),
            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('prototype', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cms.casestudypage', verbose_name='prototype')),
            ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
        ],
        options={
            'db_table': 'cms_historicalstagechange',
            'verbose_name': 'historical stage change',
            'verbose_name_plural': 'historical stage changes',
            'ordering': ('-history_date', '-history_id'),
            'get_latest_by': ('history_date', 'history_id'),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name='StageChange',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('evidence_text', models.TextField(blank=True, help_text='What shows this happened, in a sentence or two.', verbose_name='evidence')),
            ('evidence_url', models.URLField(blank=True, max_length=500, verbose_name='evidence link')),
            ('stage', models.CharField(choices=[('idea', 'Idea'), ('prototype', 'Prototype'), ('pilot', 'Pilot'), ('scaling', 'Scaling up'), ('institutionalised', 'Institutionalised')], max_length=20, verbose_name='stage')),
            ('changed_on', models.DateField(help_text='When the prototype reached this stage.', verbose_name='date')),
            ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
            ('evidence_document', models.ForeignKey(blank=True, help_text='A letter, order or report, uploaded to the document library.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtaildocs.document', verbose_name='evidence document')),
            ('prototype', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_changes', to='cms.casestudypage', verbose_name='prototype')),
            ('recorded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
        ],
        options={
            'db_table': 'cms_stagechange',
            'verbose_name': 'stage change',
            'verbose_name_plural': 'stage changes',
            'ordering': ['-changed_on', '-pk'],
        },
    ),
    migrations.AddIndex(
        model_name='adoption',
        index=models.Index(fields=['started_on'], name='adoption_started_on_idx'),
    ),
    migrations.AddIndex(
        model_name='adoption',
        index=models.Index(fields=['agency', 'started_on'], name='adoption_agency_started_idx'),
    ),
    migrations.AddIndex(
        model_name='stagechange',
        index=models.Index(fields=['prototype', '-changed_on', '-id'], name='stage_change_latest_idx'),
    ),
    migrations.AddConstraint(
        model_name='stagechange',
        constraint=models.CheckConstraint(condition=models.Q(models.Q(('evidence_text', ''), _negated=True), ('evidence_document__isnull', False), models.Q(('evidence_url', ''), _negated=True), _connector='OR'), name='stage_change_has_evidence', violation_error_message='Give evidence: a text, a document or a link.'),
    ),
]

# The moved models, by content-type name.
MODELS = [
    "stagechange",
    "adoption",
    "adoptionoutcome",
    "historicalstagechange",
    "historicaladoption",
    "historicaladoptionoutcome",
]


def _move_content_types(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old_label, model__in=MODELS).update(app_label=new_label)
    ContentType.objects.clear_cache()


def content_types_to_tracker(apps, schema_editor):
    _move_content_types(apps, "cms", "tracker")


def content_types_to_cms(apps, schema_editor):
    _move_content_types(apps, "tracker", "cms")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cms', '0011_home_page_featured_courses'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtaildocs', '0014_alter_document_file_size'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=STATE_OPERATIONS),
        migrations.RunPython(content_types_to_tracker, content_types_to_cms),
    ]
