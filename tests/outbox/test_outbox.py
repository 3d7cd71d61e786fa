"""The transactional outbox: a broker outage never fails a learner's request, and the e-mail
goes out later, once."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from kombu import pools

from courses.models import Enrollment
from lms.celery import app
from outbox import messages
from outbox.models import OutboxMessage
from tests.courses.helpers import make_cohort
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


def _reset_broker_connections():
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """A real broker URL on a port where nothing listens: publishing fails for real."""
    original = (app.conf.broker_write_url, app.conf.task_always_eager)
    app.conf.broker_write_url = "redis://127.0.0.1:9/0"
    app.conf.task_always_eager = False
    _reset_broker_connections()
    yield
    app.conf.broker_write_url, app.conf.task_always_eager = original
    _reset_broker_connections()


def test_enrolling_succeeds_while_the_broker_is_down_and_the_relay_sends_later_once(
    client, broker_down, django_capture_on_commit_callbacks, mailoutbox
):
    learner = make_learner(preferred_language="en")
    cohort = make_cohort()
    client.force_login(learner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:enrol", args=[cohort.code]))

    assert response.status_code == 302
    assert Enrollment.objects.get(learner=learner).status == Enrollment.Status.ENROLLED
    message = OutboxMessage.objects.get()
    assert message.published_at is None
    assert message.attempts == 1
    assert message.last_error
    assert mailoutbox == []

    # The broker is back (eager here: the worker runs in-process).
    app.conf.task_always_eager = True
    later = timezone.now() + datetime.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        assert messages.relay() == (1, 0)
        assert messages.relay() == (0, 0)

    [mail] = mailoutbox
    assert mail.to == [learner.email]
    assert mail.subject.startswith("Enrolment confirmed")
    message.refresh_from_db()
    assert message.published_at is not None and message.delivered_at is not None


def test_the_relay_leaves_fresh_rows_to_their_own_publisher(mailoutbox):
    messages.enqueue("accounts.tasks.send_email", "s", "b", ["a@example.go.th"])
    assert messages.relay() == (0, 0)
    assert mailoutbox == []


def test_a_message_published_twice_is_delivered_once(mailoutbox):
    message = messages.enqueue_deduplicated("accounts.tasks.send_email", "s", "b", ["a@x.go.th"])
    later = timezone.now() + datetime.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        assert messages.relay() == (1, 0)
    # A crash after publishing but before recording it would publish it again:
    OutboxMessage.objects.filter(pk=message.pk).update(published_at=None, claimed_at=None)
    with time_machine.travel(later, tick=False):
        assert messages.relay() == (1, 0)
    assert len(mailoutbox) == 1


def test_a_claimed_row_is_not_published_by_a_second_relay(mailoutbox):
    message = messages.enqueue("accounts.tasks.send_email", "s", "b", ["a@x.go.th"])
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now())
    later = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert messages.relay() == (0, 1)
    # A claim older than the timeout belongs to a dead publisher and is taken over.
    with time_machine.travel(later + messages.CLAIM_TIMEOUT, tick=False):
        assert messages.relay() == (1, 0)
    assert len(mailoutbox) == 1
