import pytest
from django.db import connection


@pytest.mark.django_db
def test_it_answers_ok_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        # Eager mode (the tests' settings): no worker or beat to wait for.
        "checks": {"database": "ok", "broker": "ok", "outbox": "ok"},
        "workers": {"alive": 0, "last_heartbeat_age": None, "beat_age": None},
        "outbox": {"oldest_unsent_age": None},
    }


@pytest.mark.django_db
def test_it_names_the_broker_when_the_broker_is_down(client, settings):
    from lms.celery import app
    from monitoring import heartbeats

    # Workers and beat alive: only the broker is down.
    heartbeats.record("celery@worker1", "worker")
    heartbeats.record(heartbeats.BEAT_NAME, "beat")
    # A port nothing listens on; eager mode off so the broker is really checked.
    app.conf.task_always_eager = False
    original = app.conf.broker_write_url
    app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_write_url = original
        app.conf.task_always_eager = True
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


@pytest.mark.django_db
def test_it_names_the_database_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
