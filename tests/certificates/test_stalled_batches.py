"""A certificate batch finishes by itself when its worker dies, and its counter stays true.

A chunk "lost with its worker" is one whose outbox message is never delivered (the on-commit
publisher does not run); the worker's work before it died is done by calling the batch item as
the worker does. Beat's stall detector then runs with the clock moved on. The same with a real
worker killed by SIGKILL: test_batch_worker.py.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from certificates import issuing
from certificates.models import Certificate, CertificateBatch
from courses.models import Enrollment
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    # Chunks of two, so a few learners make several chunks (renders cost ~0.1 s each).
    monkeypatch.setattr(issuing, "BATCH_CHUNK_SIZE", 2)


def _cohort(learners: int):
    cohort = make_cohort()
    enrollments = [make_enrollment(cohort=cohort, learner=make_learner()) for _ in range(learners)]
    return cohort, enrollments


def _batch_whose_chunks_are_lost(cohort, django_capture_on_commit_callbacks):
    """Started by the trainer; its chunks never reach a worker that finishes them."""
    with django_capture_on_commit_callbacks(execute=False):
        return issuing.issue_for_cohort(cohort)


def _detector(django_capture_on_commit_callbacks, minutes_later: float) -> int:
    """Beat's `resume_stalled_batches`, `minutes_later` from now; what it queues is delivered
    (eager: the worker runs in-process)."""
    moment = timezone.now() + datetime.timedelta(minutes=minutes_later)
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        return issuing.resume_stalled_batches()


def _stall_minutes(settings) -> float:
    return settings.CERTIFICATE_BATCH_STALL_AFTER.total_seconds() / 60


def _valid_per_enrolment(enrollments) -> list[int]:
    return [Certificate.objects.valid().filter(enrollment=e).count() for e in enrollments]


def test_a_batch_whose_worker_died_finishes_by_itself(django_capture_on_commit_callbacks, settings):
    cohort, enrollments = _cohort(5)
    batch = _batch_whose_chunks_are_lost(cohort, django_capture_on_commit_callbacks)
    issuing.issue_batch_item(batch.pk, enrollments[0].pk)  # then its worker was killed
    batch.refresh_from_db()
    assert (batch.done, batch.total, batch.is_finished) == (1, 5, False)

    # Still moving, as far as the detector can tell: left alone.
    assert _detector(django_capture_on_commit_callbacks, _stall_minutes(settings) - 1) == 0
    assert _detector(django_capture_on_commit_callbacks, _stall_minutes(settings) + 1) == 1

    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.total, batch.resumed) == (5, 0, 5, 1)
    assert batch.is_finished
    assert _valid_per_enrolment(enrollments) == [1, 1, 1, 1, 1]
    # Finished: the next runs of the detector do nothing.
    assert _detector(django_capture_on_commit_callbacks, 3 * _stall_minutes(settings)) == 0


def test_a_chunk_delivered_again_never_counts_past_the_total(django_capture_on_commit_callbacks):
    """Redis re-delivers a killed worker's chunk after its visibility timeout, though the stall
    detector already queued it again: "37 of 30" before the counter was recounted."""
    cohort, enrollments = _cohort(3)
    with django_capture_on_commit_callbacks(execute=True):
        batch = issuing.issue_for_cohort(cohort)
    ids = [enrollment.pk for enrollment in enrollments]

    issuing.issue_batch_items(batch.pk, ids)
    issuing.issue_batch_items(batch.pk, ids[:2])

    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.total) == (3, 0, 3)
    assert _valid_per_enrolment(enrollments) == [1, 1, 1]


def test_a_failure_retried_with_success_is_counted_once_as_done():
    cohort = make_cohort()
    enrollment = make_enrollment(cohort=cohort, status=Enrollment.Status.ENROLLED)
    batch = CertificateBatch.objects.create(cohort=cohort, total=1)
    batch.enrollments.add(enrollment)
    issuing.issue_batch_item(batch.pk, enrollment.pk)
    issuing.issue_batch_item(batch.pk, enrollment.pk)  # the same failure, delivered twice
    batch.refresh_from_db()
    assert (batch.done, batch.failed, len(batch.errors)) == (0, 1, 1)

    enrollment.status = Enrollment.Status.COMPLETED
    enrollment.save()
    issuing.issue_batch_item(batch.pk, enrollment.pk)

    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.errors) == (1, 0, [])


def test_a_certificate_revoked_meanwhile_stays_revoked_when_the_batch_resumes(
    django_capture_on_commit_callbacks, settings
):
    cohort, enrollments = _cohort(3)
    batch = _batch_whose_chunks_are_lost(cohort, django_capture_on_commit_callbacks)
    # While the batch was stuck, one learner's certificate was issued and revoked.
    revoked = issuing.revoke(issuing.issue_certificate(enrollments[0]), "ข้อมูลไม่ถูกต้อง")

    assert _detector(django_capture_on_commit_callbacks, _stall_minutes(settings) + 1) == 1

    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.total) == (2, 1, 3)
    assert batch.is_finished
    assert _valid_per_enrolment(enrollments) == [0, 1, 1]
    revoked.refresh_from_db()
    assert revoked.status == Certificate.Status.REVOKED
    assert batch.errors[0]["enrollment"] == enrollments[0].pk


def test_items_that_failed_are_left_for_the_trainer_to_re_run(
    django_capture_on_commit_callbacks, settings
):
    cohort, enrollments = _cohort(2)
    batch = _batch_whose_chunks_are_lost(cohort, django_capture_on_commit_callbacks)
    Enrollment.objects.filter(pk=enrollments[1].pk).update(status=Enrollment.Status.WITHDRAWN)
    issuing.issue_batch_item(batch.pk, enrollments[1].pk)  # failed: no longer completed
    Enrollment.objects.filter(pk=enrollments[1].pk).update(status=Enrollment.Status.COMPLETED)

    assert _detector(django_capture_on_commit_callbacks, _stall_minutes(settings) + 1) == 1

    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (1, 1)  # only the missing one was queued again
    assert _valid_per_enrolment(enrollments) == [1, 0]


def test_two_detectors_at_once_resume_a_batch_once(django_capture_on_commit_callbacks, settings):
    cohort, enrollments = _cohort(2)
    batch = _batch_whose_chunks_are_lost(cohort, django_capture_on_commit_callbacks)
    moment = timezone.now() + datetime.timedelta(minutes=_stall_minutes(settings) + 1)

    with time_machine.travel(moment, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as first:
            assert issuing.resume_stalled_batches() == 1
        with django_capture_on_commit_callbacks(execute=False) as second:
            assert issuing.resume_stalled_batches() == 0
    assert second == []
    for callback in first:
        callback()

    batch.refresh_from_db()
    assert (batch.done, batch.resumed) == (2, 1)


def test_the_progress_page_says_the_batch_was_restarted_in_thai(
    client, django_capture_on_commit_callbacks, settings
):
    cohort, enrollments = _cohort(1)
    trainer = make_trainer()
    cohort.trainers.add(trainer)
    batch = _batch_whose_chunks_are_lost(cohort, django_capture_on_commit_callbacks)
    with time_machine.travel(
        timezone.now() + datetime.timedelta(minutes=_stall_minutes(settings) + 1), tick=False
    ):
        # What is queued again is not delivered yet: the page shows it on its way.
        with django_capture_on_commit_callbacks(execute=False):
            assert issuing.resume_stalled_batches() == 1
    client.force_login(trainer)

    status = client.get(f"/admin/certificates/batch/{batch.pk}/status.json").json()

    assert (status["done"], status["total"], status["finished"]) == (0, 1, False)
    assert "เข้าคิวใหม่โดยอัตโนมัติ" in status["state"]
