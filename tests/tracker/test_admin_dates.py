"""Dates on the scale-up tracker's admin screens: the Buddhist era in the Thai admin, one
Gregorian format in the English admin (thai.dates.format_date)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tests.courses.test_admin_dates import admin_in
from tests.factories import make_agency, make_case_study, make_opdc_staff
from tracker.models import Adoption, record_stage_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    page = make_case_study(stage="idea")
    staff = make_opdc_staff()
    change = record_stage_change(
        page, "prototype", datetime.date(2020, 7, 1), by=staff, evidence_text="ทดสอบกับผู้ใช้"
    )
    Adoption.objects.create(
        prototype=page,
        agency=make_agency(),
        started_on=datetime.date(2021, 3, 15),
        stage_reached="pilot",
        people_served=100,
    )
    return staff, change


def test_stage_changes_and_adoptions_show_buddhist_era_dates_in_thai(client, records):
    staff, change = records
    admin_in(client, staff, "th")

    changes = client.get(reverse("wagtailsnippets_tracker_stagechange:list")).content.decode()
    adoptions = client.get(reverse("wagtailsnippets_tracker_adoption:list")).content.decode()

    assert "1 กรกฎาคม 2563" in changes and "2020" not in changes
    assert "15 มีนาคม 2564" in adoptions and "2021" not in adoptions
    with translation.override("th"):
        assert str(change).endswith("(1 กรกฎาคม 2563)")


def test_stage_changes_and_adoptions_show_one_gregorian_format_in_english(client, records):
    staff, change = records
    admin_in(client, staff, "en")

    changes = client.get(reverse("wagtailsnippets_tracker_stagechange:list")).content.decode()
    adoptions = client.get(reverse("wagtailsnippets_tracker_adoption:list")).content.decode()

    assert "1 July 2020" in changes and "July 1, 2020" not in changes
    assert "15 March 2021" in adoptions and "March 15, 2021" not in adoptions
    with translation.override("en"):
        assert str(change).endswith("(1 July 2020)")
