"""Dates on the personal-data requests admin screens (listing and inspect view): the Buddhist
era in the Thai admin, one Gregorian format in the English admin (thai.dates.format_date)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from privacy.models import DataRequest
from tests.courses.test_admin_dates import admin_in
from tests.factories import make_learner, make_opdc_staff

pytestmark = pytest.mark.django_db
REQUESTED = timezone.make_aware(datetime.datetime(2027, 1, 16, 10, 30))


@pytest.fixture
def data_request():
    with time_machine.travel(REQUESTED, tick=False):
        return DataRequest.objects.create(person=make_learner(), kind=DataRequest.Kind.EXPORT)


@pytest.mark.parametrize(
    ("language", "requested", "django_format"),
    [
        ("th", "16 มกราคม 2570 เวลา 10:30\u00a0น.", "มกราคม 2027"),
        ("en", "16 January 2027, 10:30", "Jan. 16, 2027"),
    ],
)
def test_the_listing_and_the_inspect_view_use_the_admin_languages_calendar(
    client, data_request, language, requested, django_format
):
    admin_in(client, make_opdc_staff(), language)

    listing = client.get(reverse("privacy_datarequest:index")).content.decode()
    inspect = client.get(
        reverse("privacy_datarequest:inspect", args=[data_request.pk])
    ).content.decode()

    assert requested in listing and requested in inspect
    assert django_format not in listing and django_format not in inspect
