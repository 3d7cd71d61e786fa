import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from certificates import demo, issuing
from certificates.models import Certificate, CertificateTemplate
from tests.certificates.factories import make_enrollment
from tests.courses.test_admin_dates import admin_in
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return issuing.issue_certificate(make_enrollment())


def _revoke(client, certificate, **data):
    """Revoke through the confirmation step: the POST its "Yes, revoke" button sends."""
    data = {"reason": "ออกผิดคน", "confirmed": "True", **data}
    return client.post(f"/admin/certificates/revoke/{certificate.pk}/", data)


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


def _cohort_trainer(certificate):
    trainer = make_trainer()
    certificate.enrollment.cohort.trainers.add(trainer)
    return trainer


def test_revoking_asks_for_confirmation_saying_what_will_happen(client, certificate):
    client.force_login(_cohort_trainer(certificate))

    response = _revoke(client, certificate, confirmed="")

    assert response.status_code == 200
    page = response.content.decode()
    assert "โปรดยืนยัน" in page  # "Please confirm"
    assert "หน้าตรวจสอบเกียรติบัตรสาธารณะจะแสดงว่าเกียรติบัตรนี้ถูกเพิกถอน" in page
    assert "ผู้เรียนจะเห็นว่าเกียรติบัตรนี้ถูกเพิกถอน" in page
    assert "ออกเกียรติบัตรใหม่โดยเจตนา" in page  # it stays revoked until a deliberate reissue
    assert "ออกผิดคน" in page  # the reason, as it will be shown
    assert 'name="confirmed"' in page and "ยืนยันการเพิกถอน" in page
    inspect = reverse("certificates_certificate:inspect", args=[certificate.pk])
    assert f'href="{inspect}"' in page and "ยกเลิก" in page  # Cancel, back to the certificate
    assert _is_still_valid(certificate)


def test_revoking_without_a_reason_is_refused(client, certificate):
    client.force_login(_cohort_trainer(certificate))

    response = _revoke(client, certificate, reason="", confirmed="")

    assert response.status_code == 200
    assert "โปรดระบุเหตุผลที่เพิกถอนเกียรติบัตร" in response.content.decode()
    assert _is_still_valid(certificate)


def test_the_revoke_form_offers_cancel(client, certificate):
    client.force_login(_cohort_trainer(certificate))

    page = client.get(f"/admin/certificates/revoke/{certificate.pk}/").content.decode()

    inspect = reverse("certificates_certificate:inspect", args=[certificate.pk])
    assert f'href="{inspect}"' in page and "ยกเลิก" in page
    assert _is_still_valid(certificate)


@pytest.mark.parametrize(
    ("language", "hours", "issuer", "revoker"),
    [
        ("th", "30 ชั่วโมง", "นายผู้ออก ใจดี", "นางผู้เพิก ถอนใจ"),
        ("en", "30 hours", "Mr Issuer Jaidee", "Mrs Revoker Thonjai"),
    ],
)
def test_the_inspect_view_shows_hours_and_peoples_names(client, language, hours, issuer, revoker):
    issued_by = make_trainer(
        username="issuer01",
        title_th="นาย",
        first_name_th="ผู้ออก",
        last_name_th="ใจดี",
        title_en="Mr",
        first_name="Issuer",
        last_name="Jaidee",
    )
    revoked_by = make_opdc_staff(
        username="revoker01",
        title_th="นาง",
        first_name_th="ผู้เพิก",
        last_name_th="ถอนใจ",
        title_en="Mrs",
        first_name="Revoker",
        last_name="Thonjai",
    )
    certificate = issuing.issue_certificate(make_enrollment(), by=issued_by)
    issuing.revoke(certificate, "ออกผิดคน", by=revoked_by)
    admin_in(client, revoked_by, language)

    response = client.get(reverse("certificates_certificate:inspect", args=[certificate.pk]))

    page = response.content.decode()
    assert hours in page
    assert issuer in page and revoker in page
    assert "issuer01" not in page and "revoker01" not in page


def test_the_inspect_view_says_one_hour_in_the_singular(client):
    certificate = issuing.issue_certificate(make_enrollment())
    Certificate.objects.filter(pk=certificate.pk).update(hours=1)
    admin_in(client, make_opdc_staff(), "en")

    page = client.get(reverse("certificates_certificate:inspect", args=[certificate.pk])).text

    assert re.search(r"\b1 hour\b(?!s)", page)
    assert "1 hours" not in page


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


# Already revoked ------------------------------------------------------------------------------


@pytest.fixture
def revoked(certificate):
    revoker = make_opdc_staff(first_name_th="วิภา", last_name_th="ใจดี")
    return issuing.revoke(certificate, "ออกผิดคน", by=revoker)


def _revocation(certificate):
    certificate.refresh_from_db()
    return (
        certificate.status,
        certificate.revoked_at,
        certificate.revoked_by_id,
        certificate.revocation_reason,
    )


def test_the_revoke_page_of_a_revoked_certificate_says_so_and_offers_no_form(client, revoked):
    client.force_login(_cohort_trainer(revoked))

    response = client.get(f"/admin/certificates/revoke/{revoked.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "เกียรติบัตรนี้ถูกเพิกถอนแล้ว" in page
    assert "วิภา ใจดี" in page  # by whom
    assert "ออกผิดคน" in page
    assert str(revoked.revoked_at.year + 543) in page  # when, in the Buddhist era
    assert 'name="reason"' not in page and "ยืนยันการเพิกถอน" not in page


def test_posting_to_a_revoked_certificate_changes_nothing_and_says_so(client, revoked):
    client.force_login(_cohort_trainer(revoked))
    before = _revocation(revoked)

    response = _revoke(client, revoked, reason="อีกเหตุผลหนึ่ง")

    assert _revocation(revoked) == before
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "ไม่มีการเปลี่ยนแปลง: เกียรติบัตรนี้ถูกเพิกถอนแล้ว" in page
    assert "อีกเหตุผลหนึ่ง" not in page
