"""Batches record their enrolments and their last progress, for the recount and the stall detector.

A batch started before this migration gets its cohort's completed enrolments (what it was
started for, give or take enrolments completed since: the recount never exceeds its total) and
its start as its last progress, so one left stranded by a killed worker is resumed too.
"""

from django.conf import settings
from django.db import migrations, models


def record_existing_batches(apps, schema_editor):
    CertificateBatch = apps.get_model("certificates", "CertificateBatch")
    Enrollment = apps.get_model("courses", "Enrollment")
    for batch in CertificateBatch.objects.all().iterator():
        batch.enrollments.set(
            Enrollment.objects.filter(cohort_id=batch.cohort_id, status="completed")
        )
        CertificateBatch.objects.filter(pk=batch.pk).update(progressed_at=batch.created_at)


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0004_designs_for_opdc_staff'),
        ('courses', '0006_cohort_title_en'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='certificatebatch',
            name='enrollments',
            field=models.ManyToManyField(blank=True, related_name='certificate_batches', to='courses.enrollment', verbose_name='enrolments'),
        ),
        migrations.AddField(
            model_name='certificatebatch',
            name='progressed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last progress'),
        ),
        migrations.AddField(
            model_name='certificatebatch',
            name='resumed',
            field=models.PositiveIntegerField(default=0, verbose_name='restarted automatically'),
        ),
        migrations.AddIndex(
            model_name='certificatebatch',
            index=models.Index(fields=['progressed_at'], name='certificate_batch_progress_idx'),
        ),
        migrations.RunPython(record_existing_batches, migrations.RunPython.noop),
    ]
