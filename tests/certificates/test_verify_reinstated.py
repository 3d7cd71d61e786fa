"""The verification page of a certificate revoked and then reissued ("reinstate"): it stays
revoked, with its reason, and points to the certificate that replaced it."""

import pytest

from certificates import issuing
from tests.certificates.factories import make_enrollment
from tests.factories import make_opdc_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def replaced():
    old = issuing.issue_certificate(make_enrollment())
    staff = make_opdc_staff()
    issuing.revoke(old, "ออกผิดรุ่น", by=staff)
    new = issuing.reissue(old, by=staff, reason="ออกใหม่ให้ถูกรุ่น", reinstate=True)
    old.refresh_from_db()
    return old, new


def test_the_page_says_revoked_and_links_to_the_replacement(client, replaced):
    old, new = replaced

    page = client.get(f"/verify/{old.serial}/").content.decode()

    assert "was revoked on" in page
    assert "ออกผิดรุ่น" in page
    assert f'href="/verify/{new.serial}/"' in page
    assert "See the new certificate" in page
    assert "genuine and valid" not in page


def test_the_json_links_to_the_same_replacement(client, replaced):
    old, new = replaced

    data = client.get(f"/verify/{old.serial}.json").json()

    assert data["status"] == "revoked"
    assert data["superseded_by"] == f"http://testserver/verify/{new.serial}/"


def test_a_revoked_certificate_not_replaced_links_to_nothing(client):
    certificate = issuing.issue_certificate(make_enrollment())
    issuing.revoke(certificate, "ออกผิดรุ่น", by=make_opdc_staff())

    page = client.get(f"/verify/{certificate.serial}/").content.decode()

    assert "See the new certificate" not in page
