"""The admin's inspect view of a certificate: a field with no value reads "-", never "None"."""

import re

import pytest
from django.urls import reverse

from certificates import issuing
from tests.certificates.factories import make_enrollment
from tests.courses.test_admin_dates import admin_in
from tests.factories import make_learner, make_opdc_staff

pytestmark = pytest.mark.django_db


def _fields(page: str) -> dict[str, str]:
    """Each label of the inspect view's list with its value, tags stripped."""
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", page, flags=re.S)
    return {
        re.sub(r"<[^>]+>|\s+", " ", label).strip(): re.sub(r"<[^>]+>|\s+", " ", value).strip()
        for label, value in pairs
    }


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_replacing_certificate_shows_no_raw_none(client, language):
    staff = make_opdc_staff()
    # No English name: the holder's English name is empty too.
    learner = make_learner(first_name="", last_name="", title_en="")
    old = issuing.issue_certificate(make_enrollment(learner=learner))
    new = issuing.reissue(old, by=staff, reason="ชื่อสะกดผิด")
    admin_in(client, staff, language)

    page = client.get(reverse("certificates_certificate:inspect", args=[new.pk])).text

    fields = _fields(page)
    assert len(fields) >= 15
    raw_none = [label for label, value in fields.items() if "None" in value]
    assert not raw_none, f"fields shown as None: {raw_none}"
    empty = [label for label, value in fields.items() if not value]
    assert not empty, f"fields shown blank: {empty}"


def test_a_superseded_certificate_names_its_replacement(client):
    staff = make_opdc_staff()
    old = issuing.issue_certificate(make_enrollment())
    new = issuing.reissue(old, by=staff, reason="ชื่อสะกดผิด")
    admin_in(client, staff, "en")

    page = client.get(reverse("certificates_certificate:inspect", args=[old.pk])).text

    assert new.serial in _fields(page)["Superseded by"]
