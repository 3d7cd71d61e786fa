"""Beat tasks of the project layer (thin: call the domain function)."""

from celery import shared_task

from lms import retention
from outbox import messages as outbox_messages
from outbox import retention as outbox_retention


@shared_task
def relay_outbox() -> tuple[int, int]:
    """Moved to ``outbox.tasks.relay_outbox``; kept under this name for beat messages a
    previous version queued before the upgrade."""
    return outbox_messages.relay()


@shared_task
def purge_outbox() -> tuple[int, int]:
    """Moved to ``outbox.tasks.purge_outbox``; kept as ``relay_outbox`` is."""
    return outbox_retention.purge_outbox()


@shared_task
def clear_expired_sessions() -> None:
    retention.clear_expired_sessions()


@shared_task
def purge_login_records() -> int:
    return retention.purge_login_records()
