"""Beat tasks of the project layer (thin: call the domain function)."""

from celery import shared_task

from lms import outbox


@shared_task
def relay_outbox() -> tuple[int, int]:
    return outbox.relay()
