"""Worker and beat heartbeats, read by /healthz: a real worker (and its embedded beat) keeps the
site healthy; no heartbeat, or a stale one, answers 503 naming what is down."""

import datetime
import time

import pytest
import time_machine
from django.utils import timezone

from monitoring import heartbeats
from monitoring.models import Heartbeat
from tests.celery_worker import (
    TEST_WORKER_OPTIONS,
    broker_params,
    broker_url_for,
    publishing_to,
    start_worker,
    stop_worker,
    worker_environment,
)


@pytest.fixture
def broker(request, tmp_path):
    broker_url = broker_url_for(request.param, tmp_path)
    with publishing_to(broker_url):
        yield broker_url


def _health_until(client, wanted_status, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        response = client.get("/healthz")
        if response.status_code == wanted_status or time.monotonic() > deadline:
            return response
        time.sleep(0.5)


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("broker", broker_params(), indirect=True)
def test_healthz_follows_a_real_worker_and_beat(client, broker, tmp_path):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["workers", "beat"]
    assert response.json()["workers"] == {"alive": 0, "last_heartbeat_age": None, "beat_age": None}

    env = worker_environment(broker, HEARTBEAT_INTERVAL_SECONDS="1")
    options = [*TEST_WORKER_OPTIONS, "--beat", f"--schedule={tmp_path / 'beat-schedule'}"]
    process = start_worker(env, name="heartbeat-test", log=tmp_path / "worker.log", options=options)
    try:
        response = _health_until(client, 200)
        assert response.status_code == 200, (response.json(), (tmp_path / "worker.log").read_text())
        body = response.json()
        assert body["checks"]["workers"] == "ok" and body["checks"]["beat"] == "ok"
        assert body["workers"]["alive"] == 1
        assert body["workers"]["last_heartbeat_age"] < 5
        # The worker's timer keeps its row fresh, and beat's task keeps beat's.
        first = Heartbeat.objects.get(name__startswith="heartbeat-test@").seen_at
        deadline = time.monotonic() + 30
        while Heartbeat.objects.get(name__startswith="heartbeat-test@").seen_at == first:
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
            time.sleep(0.5)
        beat_seen = Heartbeat.objects.get(name=heartbeats.BEAT_NAME).seen_at
        while Heartbeat.objects.get(name=heartbeats.BEAT_NAME).seen_at == beat_seen:
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
            time.sleep(0.5)
    finally:
        stop_worker(process)

    # Stopped on purpose: no longer counted at once.
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "workers" in response.json()["down"]
    assert response.json()["workers"]["alive"] == 0


@pytest.mark.django_db
def test_a_worker_that_stopped_writing_is_down_after_the_threshold(client, settings):
    from lms.celery import app

    settings.HEALTH_HEARTBEAT_MAX_AGE_SECONDS = 120
    app.conf.task_always_eager = False
    app.conf.broker_write_url = "memory://"
    try:
        with time_machine.travel(timezone.now(), tick=False) as clock:
            heartbeats.record("celery@web1", Heartbeat.Role.WORKER)
            heartbeats.record(heartbeats.BEAT_NAME, Heartbeat.Role.BEAT)
            assert client.get("/healthz").status_code == 200

            clock.shift(datetime.timedelta(seconds=119))
            response = client.get("/healthz")
            assert response.status_code == 200
            assert response.json()["workers"] == {
                "alive": 1,
                "last_heartbeat_age": 119.0,
                "beat_age": 119.0,
            }

            clock.shift(datetime.timedelta(seconds=2))  # killed: no clean shutdown
            response = client.get("/healthz")
    finally:
        app.conf.broker_write_url = None
        app.conf.task_always_eager = True
    assert response.status_code == 503
    assert response.json()["down"] == ["workers", "beat"]
    assert response.json()["workers"]["alive"] == 0


@pytest.mark.django_db
def test_the_minimum_number_of_workers_comes_from_the_settings(client, settings):
    from lms.celery import app

    settings.HEALTH_MIN_WORKERS = 2
    app.conf.task_always_eager = False
    app.conf.broker_write_url = "memory://"
    try:
        heartbeats.record("celery@web1", Heartbeat.Role.WORKER)
        heartbeats.record(heartbeats.BEAT_NAME, Heartbeat.Role.BEAT)
        one = client.get("/healthz")
        heartbeats.record("celery@web2", Heartbeat.Role.WORKER)
        two = client.get("/healthz")
        settings.HEALTH_MIN_WORKERS = 0  # workers and beat left out
        Heartbeat.objects.all().delete()
        none_wanted = client.get("/healthz")
    finally:
        app.conf.broker_write_url = None
        app.conf.task_always_eager = True
    assert one.status_code == 503 and one.json()["down"] == ["workers"]
    assert two.status_code == 200
    assert none_wanted.status_code == 200
    assert "workers" not in none_wanted.json()["checks"]


@pytest.mark.django_db
def test_beats_task_refreshes_beat_and_forgets_workers_silent_for_a_day():
    from monitoring.tasks import record_beat

    now = timezone.now()
    heartbeats.record(
        "celery@replaced-pod", Heartbeat.Role.WORKER, now - datetime.timedelta(days=2)
    )
    heartbeats.record("celery@slow", Heartbeat.Role.WORKER, now - datetime.timedelta(hours=23))
    heartbeats.record(heartbeats.BEAT_NAME, Heartbeat.Role.BEAT, now - datetime.timedelta(hours=1))

    record_beat.delay()  # eager in the tests' settings: runs here

    assert set(Heartbeat.objects.values_list("name", flat=True)) == {"celery@slow", "beat"}
    beat = Heartbeat.objects.get(name=heartbeats.BEAT_NAME)
    assert beat.seen_at >= now
