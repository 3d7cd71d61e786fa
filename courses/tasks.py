"""Thin Celery beat tasks of the courses app: call the domain function."""

from celery import shared_task

from courses import completion, notifications


@shared_task
def send_session_reminders() -> int:
    return notifications.send_due_reminders()


@shared_task
def warn_learners_at_risk() -> int:
    return completion.warn_learners_at_risk()
