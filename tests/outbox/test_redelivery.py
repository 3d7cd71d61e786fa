"""Published is not done: an e-mail the broker lost after it was published is published again by
beat's redelivery sweep until its task records it done, and still sent once.

The broker here is real (the embedded SQLite broker in the test's directory) and really loses
the messages (its queue is purged); the worker then runs in-process (eager), as in
test_outbox.py. The same fault with Redis FLUSHALL and a worker process: test_redis_loss.py.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certificates import issuing
from certificates.models import Certificate
from lms.celery import app
from outbox import messages
from outbox.models import OutboxMessage
from tests.celery_worker import embedded_broker_url, publishing_to
from tests.certificates.factories import make_enrollment
from tests.courses.helpers import make_cohort
from tests.factories import make_learner
from tests.outbox.test_outbox import broker_down  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(tmp_path):
    with publishing_to(embedded_broker_url(tmp_path)):
        yield


def _broker_loses_its_messages():
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)


def _worker_runs():
    """From here on a worker takes each published message at once (eager, in-process)."""
    app.conf.task_always_eager = True


def _after(minutes: float):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def _enrol(client, django_capture_on_commit_callbacks, learner):
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:enrol", args=[make_cohort().code]))
    assert response.status_code == 302
    return OutboxMessage.objects.get(recipient_user=learner)


def test_an_email_the_broker_lost_is_sent_once_by_the_sweep(
    client, broker, django_capture_on_commit_callbacks, mailoutbox, settings
):
    learner = make_learner(preferred_language="en")
    message = _enrol(client, django_capture_on_commit_callbacks, learner)
    message.refresh_from_db()
    assert message.published_at is not None  # handed to the broker...
    _broker_loses_its_messages()  # ...which then lost it
    _worker_runs()

    # The relay only looks at unpublished rows: before the sweep, nothing would ever send it.
    with _after(60):
        assert messages.relay() == (0, 0)
    assert mailoutbox == []

    with _after(settings.OUTBOX_REDELIVER_AFTER.total_seconds() / 60 + 1):
        assert messages.redeliver() == (1, 0)
        assert messages.redeliver() == (0, 0)  # done now: never published again
    [mail] = mailoutbox
    assert mail.to == [learner.email]
    assert mail.subject.startswith("Enrolment confirmed")
    message.refresh_from_db()
    assert message.delivered_at is not None
    assert message.redeliveries == 1


def test_a_message_published_recently_is_left_to_the_broker(
    client, broker, django_capture_on_commit_callbacks, mailoutbox, settings
):
    _enrol(client, django_capture_on_commit_callbacks, make_learner())
    _worker_runs()

    with _after(settings.OUTBOX_REDELIVER_AFTER.total_seconds() / 60 - 1):
        assert messages.redeliver() == (0, 0)
    assert mailoutbox == []


def test_a_copy_of_an_email_already_sent_sends_nothing(
    client, broker, django_capture_on_commit_callbacks, mailoutbox, settings
):
    """The broker did not lose it, only delayed it past the sweep: the worker gets the message
    twice and the learner one e-mail."""
    learner = make_learner()
    message = _enrol(client, django_capture_on_commit_callbacks, learner)
    _worker_runs()
    with _after(settings.OUTBOX_REDELIVER_AFTER.total_seconds() / 60 + 1):
        assert messages.redeliver() == (1, 0)

    # The original message arrives late.
    message.refresh_from_db()
    app.tasks[message.task].apply(args=message.args, kwargs=message.kwargs)

    assert len(mailoutbox) == 1


def test_tasks_that_do_not_record_done_are_not_published_again(broker, mailoutbox, settings):
    """Without `outbox_id` a task cannot say it is done; it is done once handed over (a
    certificate batch has its own stall detector, certificates/issuing.py)."""
    message = messages.enqueue("accounts.tasks.send_email", "s", "b", ["a@example.go.th"])
    assert messages.publish(message.pk)
    _broker_loses_its_messages()
    _worker_runs()

    with _after(settings.OUTBOX_REDELIVER_AFTER.total_seconds() / 60 + 1):
        assert messages.redeliver() == (0, 0)
    assert mailoutbox == []


def test_a_message_is_published_again_a_bounded_number_of_times(broker, mailoutbox, settings):
    settings.OUTBOX_MAX_REDELIVERIES = 2
    message = messages.enqueue_deduplicated("accounts.tasks.send_email", "s", "b", ["a@x.go.th"])
    assert messages.publish(message.pk)
    step = settings.OUTBOX_REDELIVER_AFTER.total_seconds() / 60 + 1

    for lost in range(1, 4):
        _broker_loses_its_messages()
        with _after(step * lost):
            assert messages.redeliver() == ((1, 0) if lost <= 2 else (0, 0))

    message.refresh_from_db()
    assert message.redeliveries == 2
    assert message.delivered_at is None
    assert message in OutboxMessage.objects.unfinished()  # kept, then purged as never sent
    assert mailoutbox == []


def test_with_the_broker_down_the_sweep_leaves_the_row_to_the_relay(
    broker_down,  # noqa: F811 - a fixture
    mailoutbox,
    settings,
):
    message = messages.enqueue_deduplicated("accounts.tasks.send_email", "s", "b", ["a@x.go.th"])
    OutboxMessage.objects.filter(pk=message.pk).update(published_at=timezone.now())

    with _after(settings.OUTBOX_REDELIVER_AFTER.total_seconds() / 60 + 1):
        assert messages.redeliver() == (0, 1)
        message.refresh_from_db()
        assert message.published_at is None and message.last_error
        _worker_runs()  # the broker is back
        assert messages.relay() == (1, 0)
    assert len(mailoutbox) == 1


def test_a_completion_certificate_the_broker_lost_is_issued_once_by_the_sweep(broker, settings):
    enrollment = make_enrollment()
    issuing.issue_on_completion(enrollment)
    message = OutboxMessage.objects.get(task="certificates.tasks.issue_certificate_task")
    assert messages.publish(message.pk)
    _broker_loses_its_messages()
    _worker_runs()

    with _after(settings.OUTBOX_REDELIVER_AFTER.total_seconds() / 60 + 1):
        assert messages.redeliver() == (1, 0)
        assert messages.redeliver() == (0, 0)
    message.refresh_from_db()
    app.tasks[message.task].apply(args=message.args, kwargs=message.kwargs)  # a late copy

    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert message.delivered_at is not None
