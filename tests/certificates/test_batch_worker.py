"""A cohort batch survives its worker being killed: real Celery worker processes, no eager mode.

The test publishes a batch to a real broker, a worker subprocess starts issuing, and is killed
with SIGKILL midway (no chance to clean up or acknowledge). A second worker then takes over and
the trainer runs the batch again: every completed enrolment ends with exactly one valid
certificate whose stored file matches its SHA-256, and the re-run batch finishes with no failure.
"""

import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings

from certificates import issuing
from certificates.models import Certificate, CertificateBatch
from certificates.storage import certificate_storage
from courses.models import Enrollment
from tests.celery_worker import (
    embedded_broker_url,
    publishing_to,
    start_worker,
    stop_worker,
    worker_environment,
)
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner

LEARNERS = 24  # three chunks of BATCH_CHUNK_SIZE


def brokers():
    yield pytest.param("embedded", id="embedded-sqlite-broker")
    configured = os.environ.get("CELERY_BROKER_URL", "")
    if configured.startswith("redis://"):
        yield pytest.param(configured, id="redis", marks=pytest.mark.services)


@pytest.fixture
def broker(request, tmp_path):
    broker_url = request.param
    if broker_url == "embedded":
        broker_url = embedded_broker_url(tmp_path)
    env = worker_environment(broker_url, MEDIA_ROOT=str(settings.MEDIA_ROOT))
    workers = []

    def start(name: str):
        workers.append(start_worker(env, name=name, log=tmp_path / f"{name}.log"))
        return workers[-1]

    with publishing_to(broker_url):
        try:
            yield start, tmp_path
        finally:
            for process in workers:
                stop_worker(process)


def _wait_for(condition, what: str, logs: Path, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    worker_logs = "\n".join(
        f"--- {path.name}\n{path.read_text()[-3000:]}" for path in sorted(logs.glob("*.log"))
    )
    pytest.fail(f"timed out waiting for {what}\n{worker_logs}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("broker", list(brokers()), indirect=True)
def test_a_batch_whose_worker_is_killed_midway_completes_with_one_certificate_each(broker):
    start_worker, logs = broker
    cohort = make_cohort()
    for _ in range(LEARNERS):
        make_enrollment(cohort=cohort, learner=make_learner())
    make_enrollment(cohort=cohort, learner=make_learner(), status=Enrollment.Status.ENROLLED)
    issued = Certificate.objects.filter(enrollment__cohort=cohort)

    first = start_worker("first")
    issuing.issue_for_cohort(cohort)  # no transaction here: enqueued at once
    _wait_for(lambda: issued.count() >= 3, "the first certificates", logs)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=20)
    killed_at = issued.count()
    assert killed_at < LEARNERS, "the worker finished before it could be killed"

    start_worker("second")
    rerun = issuing.issue_for_cohort(cohort)
    _wait_for(
        lambda: CertificateBatch.objects.get(pk=rerun.pk).is_finished, "the re-run batch", logs
    )

    rerun.refresh_from_db()
    assert (rerun.total, rerun.done, rerun.failed) == (LEARNERS, LEARNERS, 0)
    completed = Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.COMPLETED)
    for enrollment in completed:
        valid = list(Certificate.objects.valid().filter(enrollment=enrollment))
        assert len(valid) == 1, enrollment
        with certificate_storage().open(valid[0].pdf.name, "rb") as file:
            assert valid[0].matches_file(file.read())
    assert issued.count() == LEARNERS  # nothing but the valid ones, no duplicates
