import io
import zipfile

import pytest

from certificates import issuing
from certificates.models import Certificate
from certificates.storage import certificate_storage
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    cohort = make_cohort()
    issuing.issue_certificate(make_enrollment(cohort=cohort))
    other = make_learner(
        first_name_th="สมชาย", last_name_th="ใจดี", first_name="Somchai", last_name="Jaidee"
    )
    issuing.issue_certificate(make_enrollment(cohort=cohort, learner=other))
    revoked = issuing.issue_certificate(make_enrollment(cohort=cohort, learner=make_learner()))
    issuing.revoke(revoked, "ออกผิดคน")
    return cohort


def _download(client, cohort):
    return client.get(f"/admin/certificates/cohort/{cohort.pk}/certificates.zip")


def _snapshot():
    """What a download must not change: the certificates, their history and stored files."""
    certificates = list(
        Certificate.objects.order_by("pk").values_list("pk", "status", "pdf", "sha256")
    )
    return certificates, Certificate.history.count()


def _zip(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_anonymous_visitors_are_sent_to_log_in(client, cohort):
    before = _snapshot()

    response = _download(client, cohort)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _snapshot() == before


def test_a_learner_of_the_cohort_cannot_download_it(client, cohort):
    before = _snapshot()
    client.force_login(cohort.enrollments.first().learner)

    response = _download(client, cohort)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _snapshot() == before


def test_another_learner_cannot_download_it(client, cohort):
    before = _snapshot()
    client.force_login(make_learner())

    response = _download(client, cohort)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _snapshot() == before


def test_a_trainer_of_another_cohort_cannot_download_it(client, cohort):
    before = _snapshot()
    trainer = make_trainer()
    make_cohort().trainers.add(trainer)
    client.force_login(trainer)

    response = _download(client, cohort)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert _snapshot() == before


def test_the_cohort_trainer_gets_every_valid_certificate_with_readable_names(client, cohort):
    before = _snapshot()
    trainer = make_trainer()
    cohort.trainers.add(trainer)
    client.force_login(trainer)

    response = _download(client, cohort)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"certificates-{cohort.code}.zip" in response["Content-Disposition"]
    archive = _zip(response)
    valid = Certificate.objects.valid().filter(enrollment__cohort=cohort)
    expected = {
        f"{certificate.serial} {certificate.holder_name_th} ({certificate.holder_name_en}).pdf": (
            certificate
        )
        for certificate in valid
    }
    assert set(archive.namelist()) == set(expected)
    assert any(name.endswith(" นางสาวสมชาย ใจดี (Ms Somchai Jaidee).pdf") for name in expected)
    for name, certificate in expected.items():
        assert certificate.matches_file(archive.read(name))
    assert _snapshot() == before


def test_opdc_staff_get_it_and_a_lost_pdf_is_regenerated_first(client, cohort):
    lost = Certificate.objects.valid().filter(enrollment__cohort=cohort).first()
    certificate_storage().delete(lost.pdf.name)
    client.force_login(make_opdc_staff())

    response = _download(client, cohort)

    assert response.status_code == 200
    archive = _zip(response)
    assert len(archive.namelist()) == 2
    member = next(name for name in archive.namelist() if name.startswith(lost.serial))
    assert lost.matches_file(archive.read(member))
    assert certificate_storage().exists(lost.pdf.name)


def test_a_holder_without_an_english_name_is_named_in_thai(client):
    learner = make_learner(first_name_th="มานี", last_name_th="มีนา", first_name="", last_name="")
    enrollment = make_enrollment(learner=learner)
    certificate = issuing.issue_certificate(enrollment)
    client.force_login(make_opdc_staff())

    response = _download(client, enrollment.cohort)

    assert _zip(response).namelist() == [f"{certificate.serial} {certificate.holder_name_th}.pdf"]
