"""The beat tasks' names from before they moved to outbox/ and privacy/ (issue 13).

A beat of the previous version may have left messages in the broker under these names when the
upgrade stops it; each name still finds a task, which calls the moved one's domain function.
The beat schedule names the new tasks; these can go once a release has run with it.
"""

from celery import shared_task

from outbox import messages as outbox_messages
from outbox import retention as outbox_retention
from privacy import retention as privacy_retention


@shared_task
def relay_outbox() -> tuple[int, int]:
    """Now ``outbox.tasks.relay_outbox``."""
    return outbox_messages.relay()


@shared_task
def purge_outbox() -> tuple[int, int]:
    """Now ``outbox.tasks.purge_outbox``."""
    return outbox_retention.purge_outbox()


@shared_task
def clear_expired_sessions() -> None:
    """Now ``privacy.tasks.clear_expired_sessions``."""
    privacy_retention.clear_expired_sessions()


@shared_task
def purge_login_records() -> int:
    """Now ``privacy.tasks.purge_login_records``."""
    return privacy_retention.purge_login_records()
