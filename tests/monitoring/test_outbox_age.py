"""/healthz reports the age of the oldest e-mail or job still waiting in the outbox."""

import datetime

import pytest
from django.utils import timezone

from outbox.models import OutboxMessage


def _message(minutes_ago, **fields):
    message = OutboxMessage.objects.create(task="accounts.tasks.send_email", **fields)
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return message


@pytest.mark.django_db
def test_an_empty_outbox_is_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["outbox"] == {"oldest_unsent_age": None}
    assert response.json()["checks"]["outbox"] == "ok"


@pytest.mark.django_db
def test_a_message_waiting_past_the_threshold_answers_503(client, settings):
    settings.HEALTH_OUTBOX_MAX_AGE_MINUTES = 30
    _message(29, kwargs={"outbox_id": 1})
    response = client.get("/healthz")
    assert response.status_code == 200
    assert 29 * 60 - 5 < response.json()["outbox"]["oldest_unsent_age"] < 29 * 60 + 5

    _message(31)  # never published: the broker was down
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["outbox"]
    assert response.json()["outbox"]["oldest_unsent_age"] > 31 * 60 - 5


@pytest.mark.django_db
def test_sent_messages_and_those_given_up_on_do_not_count(client, settings):
    now = timezone.now()
    _message(600, kwargs={"outbox_id": 1}, published_at=now, delivered_at=now)
    # A job that does not track delivery is done once published.
    OutboxMessage.objects.create(task="courses.tasks.x", published_at=now)
    _message(600, kwargs={"outbox_id": 3}, published_at=now, redeliveries=24)
    settings.OUTBOX_MAX_REDELIVERIES = 24
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["outbox"] == {"oldest_unsent_age": None}
