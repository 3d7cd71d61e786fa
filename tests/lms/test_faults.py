"""Faults a production system meets: the broker down, the SMTP server down.

The broker is really unreachable here (a Redis address where nothing listens), and the SMTP
server too (a closed port): no mocks of our own components. The database connection lost
mid-request is in test_database_outage.py; a worker killed during a certificate batch in
tests/certificates/test_batch_worker.py; a full disk while writing a PDF in
tests/certificates/test_storage.py.
"""

import datetime
import socket
import threading

import pytest
import time_machine
from celery.exceptions import Retry
from django.urls import reverse
from django.utils import timezone

from accounts.tasks import send_email
from certificates.models import Certificate
from courses import checkin
from courses.models import Attendance, Enrollment
from courses.tasks import complete_finished_cohorts
from lms.celery import app
from outbox import messages
from outbox.models import OutboxMessage
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_learner
from tests.outbox.test_outbox import _reset_broker_connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    original = (app.conf.broker_write_url, app.conf.task_always_eager)
    app.conf.broker_write_url = "redis://127.0.0.1:9/0"
    app.conf.task_always_eager = False
    _reset_broker_connections()
    yield
    app.conf.broker_write_url, app.conf.task_always_eager = original
    _reset_broker_connections()


def _broker_back_and_relay():
    """The broker answers again (eager: the worker runs in-process); beat's relay runs."""
    app.conf.task_always_eager = True
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        return messages.relay()


def test_a_check_in_and_the_completion_after_the_session_succeed_and_the_certificate_follows_once(
    client, broker_down, django_capture_on_commit_callbacks, mailoutbox
):
    learner = make_learner(preferred_language="en")
    now = timezone.now()
    today = timezone.localdate()
    cohort = make_cohort(min_attendance_percent=100, start_date=today, end_date=today)
    session = make_session(
        cohort,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2),
    )
    Enrollment.objects.create(learner=learner, cohort=cohort, status=Enrollment.Status.ENROLLED)
    client.force_login(learner)
    scan_url = reverse("checkin:scan", args=[checkin.qr_token(session)])
    confirm = checkin.confirmation_token(session, learner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(scan_url, {"confirm": confirm})

    assert response.status_code == 200
    assert Attendance.objects.get(session=session).status == Attendance.Status.PRESENT
    # Completed once the cohort's last session is over (the beat's completion run), not before.
    assert Enrollment.objects.get(learner=learner).status == Enrollment.Status.ENROLLED

    with time_machine.travel(session.ends_at + datetime.timedelta(minutes=5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            complete_finished_cohorts()  # the beat task, with the broker still down

        assert Enrollment.objects.get(learner=learner).status == Enrollment.Status.COMPLETED
        assert not Certificate.objects.exists()  # waiting in the outbox, not lost
        waiting = list(OutboxMessage.objects.filter(published_at__isnull=True))
        assert "certificates.tasks.issue_certificate_task" in {m.task for m in waiting}

        published, still_waiting = _broker_back_and_relay()

        assert (published, still_waiting) == (len(waiting), 0)
        assert Certificate.objects.filter(enrollment__learner=learner).count() == 1
        assert [m.subject for m in mailoutbox if "complet" in m.subject.lower()]
        # A second relay (beat runs every minute) issues and sends nothing more.
        sent = len(mailoutbox)
        assert _broker_back_and_relay() == (0, 0)
        assert Certificate.objects.filter(enrollment__learner=learner).count() == 1
        assert len(mailoutbox) == sent


def test_password_reset_succeeds_while_the_broker_is_down_and_the_mail_follows(
    client, broker_down, django_capture_on_commit_callbacks, mailoutbox
):
    learner = make_learner(email="somsri@agency.go.th")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "somsri@agency.go.th"})

    assert response.status_code == 302
    assert mailoutbox == []
    assert _broker_back_and_relay() == (1, 0)
    [mail] = mailoutbox
    assert mail.to == [learner.email]


class _DroppingSMTPServer:
    """A TCP server that accepts each connection and closes it at once, counting them: an SMTP
    server that is down for real, as the mail backend sees it."""

    def __init__(self):
        self.connections = 0
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self):
        self.socket.close()


def test_smtp_down_retries_a_bounded_number_of_times_and_never_sends_twice(settings, mailoutbox):
    message = messages.enqueue_deduplicated(
        "accounts.tasks.send_email", "Subject", "Body", ["somsri@agency.go.th"]
    )
    server = _DroppingSMTPServer()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 2},
        }
    }
    try:
        # What a worker does: each failed attempt asks Celery for a retry (with backoff) until
        # the retries are used up; then the error stands and the task fails.
        for attempt in range(send_email.max_retries):
            with pytest.raises(Retry):
                send_email.apply(args=message.args, kwargs=message.kwargs, retries=attempt)
        with pytest.raises(OSError):
            send_email.apply(
                args=message.args, kwargs=message.kwargs, retries=send_email.max_retries
            )
    finally:
        server.close()

    assert send_email.max_retries == 5
    assert server.connections == 6
    message.refresh_from_db()
    assert message.delivered_at is None  # free for a later attempt

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    send_email.apply(args=message.args, kwargs=message.kwargs)
    send_email.apply(args=message.args, kwargs=message.kwargs)  # re-delivered by the broker

    assert len(mailoutbox) == 1
