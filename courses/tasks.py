"""Thin Celery tasks for the courses app: ids in, call the workflow."""

from celery import shared_task

from courses import completion, importing, notifications, quotas


@shared_task(acks_late=True)
def run_participant_import(job_id: int) -> None:
    importing.run_import_job(job_id)


@shared_task(acks_late=True)
def send_import_emails(enrollment_ids: list[int], outbox_id: int | None = None) -> int:
    return notifications.send_import_emails(enrollment_ids, outbox_id=outbox_id)


@shared_task
def send_session_reminders() -> int:
    return notifications.send_due_reminders()


@shared_task
def warn_learners_at_risk() -> int:
    return completion.warn_learners_at_risk()


@shared_task
def complete_finished_cohorts() -> int:
    return completion.complete_finished_cohorts()


@shared_task
def release_seat_quotas() -> int:
    return quotas.release_due()
