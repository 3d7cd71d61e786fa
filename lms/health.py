"""`/healthz`: whether this instance can reach what it needs (database and broker), and whether
the background half works: Celery workers and beat alive (their heartbeats), the outbox moving."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.celery import app as celery_app
from monitoring import heartbeats


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"; the name is what we report
        return False


def _broker_ok() -> bool:
    if celery_app.conf.task_always_eager:
        return True
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


def _background(checks: dict, body: dict) -> None:
    """Workers, beat and the outbox, read from the database (so only when it answered)."""
    try:
        workers = heartbeats.workers()
        outbox_age = heartbeats.oldest_unsent_age()
    except DatabaseError:
        return
    # Eager mode (tests) runs tasks in the web process: there is no worker to wait for.
    if settings.HEALTH_MIN_WORKERS > 0 and not celery_app.conf.task_always_eager:
        max_age = settings.HEALTH_HEARTBEAT_MAX_AGE_SECONDS
        checks["workers"] = workers.alive >= settings.HEALTH_MIN_WORKERS
        checks["beat"] = workers.beat_age is not None and workers.beat_age <= max_age
    body["workers"] = {
        "alive": workers.alive,
        "last_heartbeat_age": workers.last_heartbeat_age,
        "beat_age": workers.beat_age,
    }
    checks["outbox"] = (
        outbox_age is None or outbox_age <= settings.HEALTH_OUTBOX_MAX_AGE_MINUTES * 60
    )
    body["outbox"] = {"oldest_unsent_age": outbox_age}


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    details: dict = {}
    if checks["database"]:
        _background(checks, details)
    down = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "ok" if not down else "unavailable",
        "checks": {k: "ok" if v else "down" for k, v in checks.items()},
        **details,
    }
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
