"""Redis restarts empty while e-mails wait in it: every e-mail still goes out, once.

A Redis of the test's own, a real Celery worker process, no eager mode. With the workers
stopped, 40 enrolments each queue their confirmation; Redis is flushed (what a restart without
persistence does); a worker starts. Before the fix the outbox thought "published" meant done,
and none of the 40 was ever sent. Now beat's redelivery sweep publishes them again and each
learner gets exactly one e-mail, however often the sweep runs.
"""

import email
import email.policy
import time

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from courses.enrolment import enrol
from lms.celery import app
from outbox import messages
from outbox.models import OutboxMessage
from tests.celery_worker import (
    flush_redis,
    publishing_to,
    redis_server,
    start_worker,
    stop_worker,
    worker_environment,
)
from tests.courses.helpers import make_cohort
from tests.factories import make_learner

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEARNERS = 40
MESSAGE_END = "\n" + "-" * 79 + "\n"


@pytest.fixture
def own_redis(tmp_path):
    with redis_server(tmp_path) as url, publishing_to(url):
        yield url


def _recipients(mail_dir) -> list[str]:
    """The address of every complete message the worker wrote (the file backend writes the
    message, then a dashed line)."""
    found = []
    for path in sorted(mail_dir.iterdir()):
        text = path.read_text()
        for raw in text.split(MESSAGE_END):
            if raw.strip():
                found.append(email.message_from_string(raw, policy=email.policy.default)["To"])
    return found


def _wait_for(condition, what: str, worker, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker died"
        if condition():
            return
        time.sleep(0.3)
    worker.terminate()
    pytest.fail(f"timed out waiting for {what}:\n{worker.communicate(timeout=20)[0][-4000:]}")


def test_emails_lost_with_redis_are_sent_once_each_by_the_sweep(own_redis, tmp_path):
    cohort = make_cohort(capacity=LEARNERS + 5)
    learners = [make_learner(email=f"learner{n:02}@agency.go.th") for n in range(LEARNERS)]

    # No worker yet: each enrolment's e-mail is published to Redis and waits there.
    for learner in learners:
        enrol(learner, cohort)
    queued = OutboxMessage.objects.filter(recipient_user__in=learners)
    assert queued.filter(published_at__isnull=False).count() == LEARNERS
    assert redis.Redis.from_url(own_redis).llen(app.conf.task_default_queue) == LEARNERS

    flush_redis(own_redis)  # Redis restarts empty

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = start_worker(
        worker_environment(
            own_redis,
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(mail_dir),
        )
    )
    try:
        # A canary queued after the flush: once the worker has sent it, it has taken everything
        # Redis held (one queue, one task at a time), and none of the 40 was among it.
        canary = make_learner(email="canary@agency.go.th")
        enrol(canary, make_cohort())
        _wait_for(lambda: "canary@agency.go.th" in _recipients(mail_dir), "the canary", worker)
        assert _recipients(mail_dir) == ["canary@agency.go.th"]

        # Beat's sweep, run as beat would once OUTBOX_REDELIVER_AFTER has passed.
        later = timezone.now() + settings.OUTBOX_REDELIVER_AFTER
        assert messages.redeliver(now=later) == (LEARNERS, 0)
        _wait_for(lambda: len(_recipients(mail_dir)) >= LEARNERS + 1, "the 40 e-mails", worker)
        # Each is done now: sweeping again publishes nothing.
        assert messages.redeliver(now=later) == (0, 0)
    finally:
        stop_worker(worker)

    sent = _recipients(mail_dir)
    expected = sorted(learner.email for learner in learners)
    assert sorted(address for address in sent if address != "canary@agency.go.th") == expected
    assert len(sent) == LEARNERS + 1  # nothing twice
    assert queued.filter(delivered_at__isnull=True).count() == 0
