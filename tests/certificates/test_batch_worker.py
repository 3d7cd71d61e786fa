"""A cohort batch survives its worker being killed: real Celery worker processes, no eager mode.

The test publishes a batch to a real broker, a worker subprocess starts issuing, and is killed
with SIGKILL midway (no chance to clean up or acknowledge). A second worker then takes over and
the trainer runs the batch again: every completed enrolment ends with exactly one valid
certificate whose stored file matches its SHA-256, and the re-run batch finishes with no failure.

Without the trainer: a worker killed mid-batch on a Redis of the test's own leaves its chunk
held by Redis until the visibility timeout; beat's stall detector queues the missing
certificates again, a second worker issues them, and the batch finishes by itself with one
certificate per learner and a counter that never passes the total.
"""

import signal
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from certificates import issuing
from certificates.models import Certificate, CertificateBatch
from certificates.storage import certificate_storage
from courses.models import Enrollment
from tests.celery_worker import (
    broker_params,
    broker_url_for,
    publishing_to,
    redis_server,
    start_worker,
    stop_worker,
    worker_environment,
)
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner

LEARNERS = 24  # three chunks of BATCH_CHUNK_SIZE


@pytest.fixture
def broker(request, tmp_path):
    broker_url = broker_url_for(request.param, tmp_path)
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
@pytest.mark.parametrize("broker", broker_params(), indirect=True)
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
    missing = LEARNERS - killed_at  # the re-run counts only what it issues
    assert (rerun.total, rerun.done, rerun.failed) == (missing, missing, 0)
    completed = Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.COMPLETED)
    for enrollment in completed:
        valid = list(Certificate.objects.valid().filter(enrollment=enrollment))
        assert len(valid) == 1, enrollment
        with certificate_storage().open(valid[0].pdf.name, "rb") as file:
            assert valid[0].matches_file(file.read())
    assert issued.count() == LEARNERS  # nothing but the valid ones, no duplicates


@pytest.fixture
def own_redis(tmp_path):
    env = {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    workers = []
    with redis_server(tmp_path) as url, publishing_to(url):

        def start(name: str):
            process = start_worker(
                worker_environment(url, **env), name=name, log=tmp_path / f"{name}.log"
            )
            workers.append(process)
            return process

        try:
            yield url, start, tmp_path
        finally:
            for process in workers:
                stop_worker(process)


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_whose_worker_is_killed_finishes_by_itself_and_never_overcounts(own_redis):
    url, start, logs = own_redis
    learners = 30  # three chunks
    cohort = make_cohort()
    eligible = [make_enrollment(cohort=cohort, learner=make_learner()) for _ in range(learners)]
    make_enrollment(cohort=cohort, learner=make_learner(), status=Enrollment.Status.ENROLLED)
    issued = Certificate.objects.filter(enrollment__cohort=cohort)
    seen = []  # every "done" the progress page could have shown

    def progress(condition):
        def check():
            batch = CertificateBatch.objects.get(pk=batch_pk)
            seen.append(batch.done)
            return condition(batch)

        return check

    first = start("first")
    batch_pk = issuing.issue_for_cohort(cohort).pk  # no transaction here: enqueued at once
    _wait_for(progress(lambda batch: batch.done >= 3), "the first certificates", logs)
    first.send_signal(signal.SIGKILL)  # the worker's main process: no clean-up, no ack
    first.wait(timeout=20)
    stranded = CertificateBatch.objects.get(pk=batch_pk)
    assert stranded.done < learners, "the worker finished before it could be killed"
    # Redis holds the killed worker's chunk until the visibility timeout (15 minutes).
    assert redis.Redis.from_url(url).hlen("unacked") == 1

    # Beat's stall detector, run as beat would once the batch has not moved for long enough.
    later = timezone.now() + settings.CERTIFICATE_BATCH_STALL_AFTER
    assert issuing.resume_stalled_batches(now=later) == 1
    start("second")
    _wait_for(progress(lambda batch: batch.is_finished), "the batch to finish by itself", logs)
    # The chunks queued before the kill arrive too, after their copies: let them run.
    _wait_for(lambda: redis.Redis.from_url(url).llen("celery") == 0, "an empty queue", logs)

    batch = CertificateBatch.objects.get(pk=batch_pk)
    assert (batch.total, batch.done, batch.failed, batch.resumed) == (learners, learners, 0, 1)
    assert max(seen) <= learners
    for enrollment in eligible:
        valid = list(Certificate.objects.valid().filter(enrollment=enrollment))
        assert len(valid) == 1, enrollment
        with certificate_storage().open(valid[0].pdf.name, "rb") as file:
            assert valid[0].matches_file(file.read())
    assert issued.count() == learners  # no duplicates, none for the learner still enrolled
