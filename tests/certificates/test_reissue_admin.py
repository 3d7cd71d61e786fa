"""Reissuing a certificate from the Wagtail admin: a reason, a confirmation step, the old one
superseded (or, for a revoked one, reinstated only when asked), who and why logged."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from certificates import issuing
from certificates.models import Certificate
from tests.certificates.factories import make_enrollment
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db

REASON = "ชื่อสะกดผิด แก้ไขตามคำขอของผู้เรียน"


@pytest.fixture
def certificate():
    return issuing.issue_certificate(make_enrollment())


def _url(certificate):
    return f"/admin/certificates/reissue/{certificate.pk}/"


def _confirm(client, certificate, **fields):
    return client.post(_url(certificate), {"reason": REASON, "confirmed": "True", **fields})


def _thai(text: str) -> str:
    """As the admin shows it: Thai first, like the site; HTML-escaped."""
    with translation.override("th"):
        return escape(gettext(text))


def _nothing_changed(certificate):
    certificate.refresh_from_db()
    return (
        Certificate.objects.filter(enrollment=certificate.enrollment).count() == 1
        and certificate.superseded_by is None
        and not ModelLogEntry.objects.filter(action__startswith="certificates.").exists()
    )


def _trainer_of(certificate):
    trainer = make_trainer()
    certificate.enrollment.cohort.trainers.add(trainer)
    return trainer


def test_anonymous_visitors_cannot_reissue(client, certificate):
    response = _confirm(client, certificate)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _nothing_changed(certificate)


def test_the_holder_cannot_reissue(client, certificate):
    client.force_login(certificate.enrollment.learner)

    response = _confirm(client, certificate)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _nothing_changed(certificate)


def test_a_trainer_of_another_cohort_cannot_reissue(client, certificate):
    client.force_login(make_trainer())

    response = _confirm(client, certificate)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert _nothing_changed(certificate)


def test_the_first_post_asks_for_confirmation_and_changes_nothing(client, certificate):
    client.force_login(_trainer_of(certificate))

    response = client.post(_url(certificate), {"reason": REASON})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="confirmed"' in page and REASON in page
    assert _nothing_changed(certificate)


def test_a_reason_is_required(client, certificate):
    client.force_login(_trainer_of(certificate))

    response = _confirm(client, certificate, reason="   ")

    assert response.status_code == 200
    assert _thai("Say why the certificate is reissued.") in response.content.decode()
    assert _nothing_changed(certificate)


def test_the_cohort_trainer_reissues_and_the_old_one_says_superseded(client, certificate):
    trainer = _trainer_of(certificate)
    client.force_login(trainer)

    response = _confirm(client, certificate)

    certificate.refresh_from_db()
    new = certificate.superseded_by
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert new.status == Certificate.Status.VALID and new.issued_by == trainer
    assert response.status_code == 302
    assert response["Location"] == f"/admin/certificates_certificate/inspect/{new.pk}/"
    # Who and why: the certificate's history and the admin's log.
    assert certificate.history.first().history_user == trainer
    assert REASON in certificate.history.first().history_change_reason
    entry = ModelLogEntry.objects.get(action="certificates.reissue", object_id=str(certificate.pk))
    assert entry.user == trainer and entry.data["reason"] == REASON
    verify = client.get(f"/verify/{certificate.serial}/").content.decode()
    assert "replaced by a new one" in verify and f"/verify/{new.serial}/" in verify


def test_a_revoked_certificate_is_refused_unless_reinstating(client, certificate):
    issuing.revoke(certificate, "ออกผิดคน", by=make_opdc_staff())
    client.force_login(make_opdc_staff())

    response = _confirm(client, certificate)

    assert response.status_code == 200
    refusal = _thai(
        "This certificate was revoked. Reissuing it gives the learner a valid "
        "certificate again: tick Reinstate if that is what you mean."
    )
    assert refusal in response.content.decode()
    assert _nothing_changed(certificate)


def test_reinstating_a_revoked_certificate_says_so_and_keeps_it_revoked(client, certificate):
    issuing.revoke(certificate, "ออกผิดคน", by=make_opdc_staff())
    staff = make_opdc_staff()
    client.force_login(staff)

    confirmation = client.post(_url(certificate), {"reason": REASON, "reinstate": "on"})
    response = _confirm(client, certificate, reinstate="True")

    assert _thai("You are reinstating a revoked certificate.") in confirmation.content.decode()
    certificate.refresh_from_db()
    assert response.status_code == 302
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.superseded_by.status == Certificate.Status.VALID
    assert (
        ModelLogEntry.objects.get(
            action="certificates.reinstate", object_id=str(certificate.pk)
        ).user
        == staff
    )


def test_a_superseded_certificate_cannot_be_reissued_again(client, certificate):
    issuing.reissue(certificate, by=make_opdc_staff(), reason="first")
    client.force_login(make_opdc_staff())

    response = _confirm(client, certificate)

    assert response.status_code == 302
    assert Certificate.objects.filter(enrollment=certificate.enrollment).count() == 2


def test_the_listing_and_the_detail_link_to_the_reissue_screen(client, certificate):
    client.force_login(_trainer_of(certificate))

    listing = client.get("/admin/certificates_certificate/").content.decode()
    detail = client.get(f"/admin/certificates_certificate/inspect/{certificate.pk}/")

    assert f'href="{_url(certificate)}"' in listing
    assert f'href="{_url(certificate)}"' in detail.content.decode()


def test_a_learner_outside_the_admin_sees_no_reissue_screen(client, certificate):
    client.force_login(make_learner())

    response = client.get(_url(certificate))

    assert response.status_code == 302
