"""The heartbeat beat task (thin: records the time)."""

from celery import shared_task

from monitoring import heartbeats


@shared_task(ignore_result=True)
def record_beat() -> None:
    """Scheduled by beat: when a worker runs it, beat, the broker and a worker all work."""
    heartbeats.beat_heard()
