"""Thin Celery tasks for the agencies app: call the workflow."""

from celery import shared_task

from agencies import nominations


@shared_task
def expire_nominations() -> int:
    return nominations.expire_overdue()
