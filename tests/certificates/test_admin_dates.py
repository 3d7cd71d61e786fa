"""Dates on the certificates admin screens (listing and inspect view): the Buddhist era in the
Thai admin, one Gregorian format in the English admin (thai.dates.format_date)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certificates import issuing
from tests.certificates.factories import make_enrollment
from tests.courses.helpers import make_cohort
from tests.courses.test_admin_dates import admin_in
from tests.factories import make_opdc_staff

pytestmark = pytest.mark.django_db
ISSUED = timezone.make_aware(datetime.datetime(2027, 1, 20, 14, 5))


@pytest.fixture
def certificate():
    cohort = make_cohort(start_date=datetime.date(2027, 1, 16), end_date=datetime.date(2027, 1, 17))
    with time_machine.travel(ISSUED, tick=False):
        return issuing.issue_certificate(make_enrollment(cohort=cohort))


@pytest.mark.parametrize(
    ("language", "issued", "start", "django_format"),
    [
        ("th", "20 มกราคม 2570 เวลา 14:05\u00a0น.", "16 มกราคม 2570", "มกราคม 2027"),
        ("en", "20 January 2027, 14:05", "16 January 2027", "Jan. 20, 2027"),
    ],
)
def test_the_listing_and_the_inspect_view_use_the_admin_languages_calendar(
    client, certificate, language, issued, start, django_format
):
    admin_in(client, make_opdc_staff(), language)

    listing = client.get(reverse("certificates_certificate:index")).content.decode()
    inspect = client.get(
        reverse("certificates_certificate:inspect", args=[certificate.pk])
    ).content.decode()

    assert issued in listing
    assert issued in inspect and start in inspect
    assert django_format not in listing and django_format not in inspect
