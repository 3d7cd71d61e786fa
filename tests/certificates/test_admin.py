import pytest
from django.test import RequestFactory

from certificates import demo, issuing
from certificates.models import Certificate, CertificateTemplate
from tests.certificates.factories import make_enrollment
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return issuing.issue_certificate(make_enrollment())


def _revoke(client, certificate):
    return client.post(f"/admin/certificates/revoke/{certificate.pk}/", {"reason": "ออกผิดคน"})


def _is_still_valid(certificate):
    certificate.refresh_from_db()
    return certificate.status == Certificate.Status.VALID and certificate.revoked_by is None


def test_anonymous_visitors_cannot_revoke(client, certificate):
    response = _revoke(client, certificate)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _is_still_valid(certificate)


def test_a_learner_cannot_revoke(client, certificate):
    client.force_login(certificate.enrollment.learner)

    response = _revoke(client, certificate)

    # Without admin access Wagtail sends people to its login page.
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _is_still_valid(certificate)


def test_a_trainer_of_another_cohort_cannot_revoke(client, certificate):
    client.force_login(make_trainer())

    response = _revoke(client, certificate)

    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert _is_still_valid(certificate)


def test_the_cohort_trainer_revokes_with_a_reason(client, certificate):
    trainer = make_trainer()
    certificate.enrollment.cohort.trainers.add(trainer)
    client.force_login(trainer)

    response = _revoke(client, certificate)

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == trainer
    assert certificate.revocation_reason == "ออกผิดคน"


def test_trainers_list_only_their_own_cohorts_certificates(client, certificate):
    other = issuing.issue_certificate(make_enrollment(learner=make_learner()))
    trainer = make_trainer()
    certificate.enrollment.cohort.trainers.add(trainer)
    client.force_login(trainer)

    response = client.get("/admin/certificates_certificate/")

    assert response.status_code == 200
    page = response.content.decode()
    assert certificate.serial in page
    assert other.serial not in page


def test_opdc_staff_list_every_certificate(client, certificate):
    client.force_login(make_opdc_staff())

    response = client.get("/admin/certificates_certificate/")

    assert response.status_code == 200
    assert certificate.serial in response.content.decode()


def test_the_design_preview_is_a_pdf_with_sample_data():
    design = CertificateTemplate.get_default()

    response = design.serve_preview(RequestFactory().get("/"), "")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_demo_loader_is_idempotent():
    enrollment = make_enrollment()

    demo.load()
    demo.load()

    assert CertificateTemplate.objects.filter(is_default=True).count() == 1
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
    assert CertificateTemplate.objects.get(is_default=True).signatory1_name_th


def test_an_administrator_can_open_the_design_editor(client):
    design = CertificateTemplate.get_default()
    client.force_login(make_opdc_staff(is_superuser=True))

    listing = client.get("/admin/snippets/certificates/certificatetemplate/")
    editor = client.get(f"/admin/snippets/certificates/certificatetemplate/edit/{design.pk}/")

    assert listing.status_code == 200
    assert editor.status_code == 200
    assert "signatory1_name_th" in editor.content.decode()
