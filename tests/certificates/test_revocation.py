"""Revoked stays revoked: re-running the cohort batch or a late completion job never gives a
revoked learner a new valid certificate; only a deliberate reissue does."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext

from certificates import issuing
from certificates.models import Certificate
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db

REASON = "พบว่าไม่ได้เข้าอบรมจริง"


@pytest.fixture
def staff():
    return make_opdc_staff()


def _verify(client, certificate):
    response = client.get(f"/verify/{certificate.serial}.json")
    assert response.status_code == 200
    return response.json()


def test_rerunning_the_cohort_batch_leaves_a_revoked_certificate_revoked(
    client, staff, django_capture_on_commit_callbacks
):
    cohort = make_cohort()
    kept = make_enrollment(cohort=cohort)
    revoked_enrolment = make_enrollment(cohort=cohort, learner=make_learner())
    with django_capture_on_commit_callbacks(execute=True):
        issuing.issue_for_cohort(cohort, by=staff)
    revoked = issuing.revoke(
        Certificate.objects.get(enrollment=revoked_enrolment), REASON, by=staff
    )

    with django_capture_on_commit_callbacks(execute=True):
        again = issuing.issue_for_cohort(cohort, by=staff)

    assert not Certificate.objects.valid().filter(enrollment=revoked_enrolment).exists()
    assert Certificate.objects.filter(enrollment=revoked_enrolment).count() == 1
    assert Certificate.objects.valid().filter(enrollment=kept).count() == 1
    assert again is None  # the kept one has its certificate, the revoked one stays revoked
    assert _verify(client, revoked)["status"] == "revoked"


def test_the_batch_screen_says_revoked_certificates_stay_revoked(client, staff):
    cohort = make_cohort()
    make_enrollment(cohort=cohort)
    enrollment = make_enrollment(cohort=cohort, learner=make_learner())
    issuing.revoke(issuing.issue_certificate(enrollment), REASON, by=staff)
    client.force_login(staff)

    with translation.override("th"):
        page = client.get(f"/admin/certificates/cohort/{cohort.pk}/issue/").content.decode()
        said = ngettext(
            "%(count)s revoked certificate stays revoked: running this does not issue it again.",
            "%(count)s revoked certificates stay revoked: running this does not issue them again.",
            1,
        ) % {"count": 1}
    assert escape(said) in page
    assert "revoked certificate" not in page  # no English left on the Thai screen


def test_a_rerun_with_nothing_to_issue_counts_the_revoked_one_apart(
    client, staff, django_capture_on_commit_callbacks
):
    # Two completed, one revoked: not "all 1 learners already have one" beside "2 completed".
    cohort = make_cohort()
    make_enrollment(cohort=cohort)
    enrollment = make_enrollment(cohort=cohort, learner=make_learner())
    with django_capture_on_commit_callbacks(execute=True):
        issuing.issue_for_cohort(cohort, by=staff)
    issuing.revoke(Certificate.objects.get(enrollment=enrollment), REASON, by=staff)
    client.force_login(staff)

    response = client.post(f"/admin/certificates/cohort/{cohort.pk}/issue/", follow=True)

    page = response.content.decode()
    assert "ผู้ผ่านการอบรม 1 จาก 2 คนได้รับแล้ว" in page
    assert "เกียรติบัตรที่ถูกเพิกถอน 1 ฉบับยังคงถูกเพิกถอน" in page
    assert "ทั้ง 1 คนได้รับแล้ว" not in page
    assert Certificate.objects.count() == 2


def test_a_late_completion_job_does_not_issue_a_revoked_learner_again(
    client, staff, django_capture_on_commit_callbacks
):
    enrollment = make_enrollment()
    revoked = issuing.revoke(issuing.issue_certificate(enrollment), REASON, by=staff)

    # The outbox delivers at least once: the completion job may run again after a revocation.
    with django_capture_on_commit_callbacks(execute=True):
        issuing.issue_on_completion(enrollment)

    assert list(Certificate.objects.filter(enrollment=enrollment)) == [revoked]
    assert _verify(client, revoked)["status"] == "revoked"
    with pytest.raises(issuing.CertificateRevoked):
        issuing.issue_certificate(enrollment)


def test_a_deliberate_reissue_gives_a_revoked_learner_a_new_valid_certificate(client, staff):
    trainer = make_trainer()
    enrollment = make_enrollment()
    revoked = issuing.revoke(issuing.issue_certificate(enrollment), REASON, by=staff)

    new = issuing.reissue(revoked, by=trainer, reinstate=True)

    revoked.refresh_from_db()
    assert revoked.status == Certificate.Status.REVOKED
    assert revoked.revocation_reason == REASON
    assert revoked.superseded_by == new
    assert new.status == Certificate.Status.VALID and new.serial != revoked.serial
    assert new.issued_by == trainer
    assert issuing.issue_certificate(enrollment) == new
    assert _verify(client, new)["status"] == "valid"
    assert _verify(client, revoked)["status"] == "revoked"
