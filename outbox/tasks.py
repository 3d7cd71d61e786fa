"""The outbox's beat tasks (thin: call the domain function)."""

from celery import shared_task

from outbox import messages, retention


@shared_task
def relay_outbox() -> tuple[int, int]:
    return messages.relay()


@shared_task
def redeliver_outbox() -> tuple[int, int]:
    return messages.redeliver()


@shared_task
def purge_outbox() -> tuple[int, int]:
    return retention.purge_outbox()
