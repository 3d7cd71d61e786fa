import pytest
from django.utils import translation
from django.utils.translation import gettext

from certificates import issuing
from certificates.models import Certificate, CertificateBatch
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    cohort = make_cohort()
    make_enrollment(cohort=cohort)
    make_enrollment(cohort=cohort, learner=make_learner())
    return cohort


def _start(client, cohort):
    return client.post(f"/admin/certificates/cohort/{cohort.pk}/issue/")


def _nothing_started():
    return not CertificateBatch.objects.exists() and not Certificate.objects.exists()


def test_anonymous_visitors_cannot_start_a_batch(client, cohort):
    response = _start(client, cohort)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _nothing_started()


def test_a_learner_cannot_start_a_batch(client, cohort):
    client.force_login(make_learner())

    response = _start(client, cohort)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _nothing_started()


def test_a_trainer_of_another_cohort_cannot_start_a_batch(client, cohort):
    client.force_login(make_trainer())

    response = _start(client, cohort)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert _nothing_started()


def test_the_cohort_trainer_issues_the_cohort_and_sees_progress(
    client, cohort, django_capture_on_commit_callbacks
):
    trainer = make_trainer()
    cohort.trainers.add(trainer)
    client.force_login(trainer)

    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, cohort)

    batch = CertificateBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/certificates/batch/{batch.pk}/"
    assert Certificate.objects.valid().filter(enrollment__cohort=cohort).count() == 2
    progress = client.get(response["Location"])
    with translation.override("th"):  # the admin speaks Thai first, like the site
        expected = gettext("Issued %(done)s of %(total)s; %(failed)s failed.") % {
            "done": 2,
            "total": 2,
            "failed": 0,
        }
    assert expected in progress.content.decode()


def test_opdc_staff_see_the_confirmation_with_counts(client, cohort):
    issuing.issue_certificate(cohort.enrollments.first())
    client.force_login(make_opdc_staff())

    response = client.get(f"/admin/certificates/cohort/{cohort.pk}/issue/")

    assert response.status_code == 200
    with translation.override("th"):
        expected = gettext(
            "%(completed)s learners completed this cohort; %(already)s already have a valid certificate. "
            "Running this again never issues a duplicate."
        ) % {"completed": 2, "already": 1}
    assert expected.split(".")[0] in response.content.decode()
