import pytest
from django.core.files.storage import default_storage

from certificates import issuing
from certificates.models import Certificate
from tests.certificates.factories import make_enrollment
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return issuing.issue_certificate(make_enrollment())


def _download(client, certificate):
    return client.get(f"/verify/{certificate.serial}/file/")


def _unchanged(certificate):
    before = Certificate.history.filter(id=certificate.pk).count()
    return lambda: Certificate.history.filter(id=certificate.pk).count() == before


def test_anonymous_visitors_are_sent_to_log_in(client, certificate):
    unchanged = _unchanged(certificate)

    response = _download(client, certificate)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert unchanged()


def test_another_learner_cannot_download_it(client, certificate):
    unchanged = _unchanged(certificate)
    client.force_login(make_learner())

    response = _download(client, certificate)

    assert response.status_code == 404
    assert unchanged()


def test_a_trainer_of_another_cohort_cannot_download_it(client, certificate):
    client.force_login(make_trainer())

    response = _download(client, certificate)

    assert response.status_code == 404


def test_the_holder_downloads_the_issued_file(client, certificate):
    unchanged = _unchanged(certificate)
    client.force_login(certificate.enrollment.learner)

    response = _download(client, certificate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate.matches_file(response.content)
    assert unchanged()


def test_the_holder_cannot_download_a_revoked_certificate(client, certificate):
    issuing.revoke(certificate, "ออกผิดคน", by=make_opdc_staff())
    client.force_login(certificate.enrollment.learner)

    response = _download(client, certificate)

    assert response.status_code == 404


def test_the_cohort_trainer_can_download_it(client, certificate):
    trainer = make_trainer()
    certificate.enrollment.cohort.trainers.add(trainer)
    client.force_login(trainer)

    response = _download(client, certificate)

    assert response.status_code == 200
    assert certificate.matches_file(response.content)


def test_opdc_staff_can_download_it_and_a_lost_file_is_regenerated(client, certificate):
    default_storage.delete(certificate.pdf.name)
    client.force_login(make_opdc_staff())

    response = _download(client, certificate)

    assert response.status_code == 200
    assert certificate.matches_file(response.content)
    assert default_storage.exists(certificate.pdf.name)
