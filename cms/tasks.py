"""Thin Celery tasks for the cms app."""

from celery import shared_task

from cms import editorial


@shared_task
def publish_scheduled_pages() -> None:
    editorial.publish_scheduled()
