"""Thin Celery tasks for the courses app: ids in, call the workflow."""

from celery import shared_task

from courses import importing


@shared_task(acks_late=True)
def run_participant_import(job_id: int) -> None:
    importing.run_import_job(job_id)
