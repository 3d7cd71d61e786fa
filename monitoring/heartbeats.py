"""Heartbeats of the Celery workers and beat, and what `/healthz` and `/metrics` read of them.

A worker writes its row when it is ready and then every `HEARTBEAT_INTERVAL_SECONDS` from its
own timer (`start_worker_heartbeat`, connected in lms/celery.py), so each worker is counted on
its own whichever queue it serves; it deletes its row when it shuts down cleanly. Beat writes
its row when it starts, and its `record_beat` task (scheduled every interval) writes it again
when a worker runs it: a fresh beat row means beat sends, the broker carries and a worker runs.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max, Min
from django.utils import timezone

from monitoring.models import Heartbeat
from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

BEAT_NAME = "beat"
# A worker killed without a clean shutdown (a replaced container) leaves its row; rows silent
# this long are deleted, so the table holds the workers of about a day, not of every deploy.
FORGET_SILENT_AFTER = datetime.timedelta(days=1)


def record(name: str, role: str, now: datetime.datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(
        name=name[:255], defaults={"role": role, "seen_at": now or timezone.now()}
    )


def _record_quietly(name: str, role: str) -> None:
    # A heartbeat is written from a worker's timer or beat's start: a database outage must
    # leave the process running (the missing heartbeat is what /healthz then reports).
    # The connection is closed again at once: a worker's main process forks its pool's
    # children, which must not inherit an open database connection (a child closing its copy
    # would end the parent's session too). One connection every interval costs nothing.
    try:
        record(name, role)
    except DatabaseError:
        logger.warning("Heartbeat of %s not recorded: the database did not answer", name)
    finally:
        connection.close()


def start_worker_heartbeat(sender) -> None:
    """`worker_ready` receiver: record this worker now and every interval after."""
    hostname = sender.hostname
    _record_quietly(hostname, Heartbeat.Role.WORKER)
    sender.timer.call_repeatedly(
        settings.HEARTBEAT_INTERVAL_SECONDS,
        _record_quietly,
        (hostname, Heartbeat.Role.WORKER),
    )


def forget_worker(sender) -> None:
    """`worker_shutdown` receiver: a worker stopped on purpose is no longer counted."""
    hostname = getattr(sender, "hostname", None)
    if hostname:
        try:
            Heartbeat.objects.filter(name=hostname).delete()
        except DatabaseError:
            logger.warning("Heartbeat of %s not removed: the database did not answer", hostname)
        finally:
            connection.close()


def beat_started(sender=None) -> None:
    """`beat_init` receiver: beat is counted from its start, not one interval later."""
    _record_quietly(BEAT_NAME, Heartbeat.Role.BEAT)


def beat_heard(now: datetime.datetime | None = None) -> None:
    """What beat's scheduled task does when a worker runs it: beat's row is fresh, and rows of
    workers silent for `FORGET_SILENT_AFTER` go."""
    now = now or timezone.now()
    record(BEAT_NAME, Heartbeat.Role.BEAT, now)
    Heartbeat.objects.workers().filter(seen_at__lt=now - FORGET_SILENT_AFTER).delete()


@dataclass(frozen=True)
class Workers:
    alive: int
    # Seconds since the newest worker heartbeat; None when no worker has ever reported.
    last_heartbeat_age: float | None
    beat_age: float | None


def _age(moment, now) -> float | None:
    return None if moment is None else round(max((now - moment).total_seconds(), 0.0), 1)


def workers(now: datetime.datetime | None = None) -> Workers:
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.HEALTH_HEARTBEAT_MAX_AGE_SECONDS)
    worker_rows = Heartbeat.objects.workers()
    newest = worker_rows.aggregate(newest=Max("seen_at"))["newest"]
    beat = Heartbeat.objects.filter(role=Heartbeat.Role.BEAT).aggregate(newest=Max("seen_at"))
    return Workers(
        alive=worker_rows.seen_since(cutoff).count(),
        last_heartbeat_age=_age(newest, now),
        beat_age=_age(beat["newest"], now),
    )


def oldest_unsent_age(now: datetime.datetime | None = None) -> float | None:
    """Seconds since the oldest outbox row still waiting to go out was written (None: none).

    Rows the outbox has given up on (redelivered `OUTBOX_MAX_REDELIVERIES` times) are left out:
    one undeliverable address must not keep the site unhealthy until retention deletes it."""
    now = now or timezone.now()
    oldest = [part.aggregate(m=Min("created_at"))["m"] for part in _unsent_parts()]
    known = [moment for moment in oldest if moment is not None]
    return _age(min(known), now) if known else None


def unsent_count() -> int:
    return sum(part.count() for part in _unsent_parts())


def _unsent_parts():
    # Two queries, each over one of the outbox's partial indexes (never published; published and
    # not delivered), rather than one OR over every row kept for retention.
    waiting = OutboxMessage.objects.unsent()
    return waiting.filter(published_at__isnull=True), waiting.filter(published_at__isnull=False)
