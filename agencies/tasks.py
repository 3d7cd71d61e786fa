"""Thin Celery tasks for the agencies app: call the workflow."""

from celery import shared_task

from agencies import approvals, nominations


@shared_task
def expire_nominations() -> int:
    return nominations.expire_overdue()


@shared_task
def approval_deadlines() -> dict[str, int]:
    return approvals.run_deadlines()
