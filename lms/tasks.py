"""Beat tasks of the project layer (thin: call the domain function)."""

from celery import shared_task

from lms import outbox, retention


@shared_task
def relay_outbox() -> tuple[int, int]:
    return outbox.relay()


@shared_task
def purge_outbox() -> tuple[int, int]:
    return retention.purge_outbox()


@shared_task
def clear_expired_sessions() -> None:
    retention.clear_expired_sessions()


@shared_task
def purge_login_records() -> int:
    return retention.purge_login_records()
