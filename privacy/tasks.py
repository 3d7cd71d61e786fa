"""Beat tasks of retention (thin: call the domain function)."""

from celery import shared_task

from privacy import retention


@shared_task
def clear_expired_sessions() -> None:
    retention.clear_expired_sessions()


@shared_task
def purge_login_records() -> int:
    return retention.purge_login_records()
