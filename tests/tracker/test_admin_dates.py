"""Dates on the scale-up tracker's admin screens: the Buddhist era in the Thai admin, one
Gregorian format in the English admin (thai.dates.format_date)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.courses.test_admin_dates import admin_in
from tests.factories import make_agency, make_case_study, make_opdc_staff
from thai.dates import format_date
from tracker.models import ADOPTION_MAX_DAYS_AHEAD, Adoption, StageChange, record_stage_change

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


# --- Typing a date: the Buddhist-era year Thai staff write -------------------------------


def _stage_change_data(page, changed_on, evidence="ทดสอบกับผู้ใช้ 40 คน"):
    return {
        "prototype": page.pk,
        "stage": "pilot",
        "changed_on": changed_on,
        "evidence_text": evidence,
        "evidence_url": "",
    }


def test_a_buddhist_era_date_typed_in_the_stage_change_form_is_that_day(client):
    page = make_case_study(stage="idea")
    admin_in(client, make_opdc_staff(), "th")

    response = client.post(
        reverse("wagtailsnippets_tracker_stagechange:add"), _stage_change_data(page, "2569-11-20")
    )

    assert response.status_code == 302
    assert StageChange.objects.get().changed_on == datetime.date(2026, 11, 20)
    html = client.get(page.url).content.decode()
    assert "20 พฤศจิกายน 2569" in html and "3112" not in html


def test_a_common_era_date_from_the_date_picker_is_kept(client):
    page = make_case_study(stage="idea")
    admin_in(client, make_opdc_staff(), "th")

    client.post(
        reverse("wagtailsnippets_tracker_stagechange:add"), _stage_change_data(page, "2026-11-20")
    )

    assert StageChange.objects.get().changed_on == datetime.date(2026, 11, 20)


def test_the_date_field_is_a_text_box_in_the_way_thai_staff_write_a_date(client):
    """Wagtail's date picker replaced a typed 1/10/2569 with today's date when the field lost
    focus, and drew a Gregorian calendar: the field is a plain text box, day/month/BE year."""
    admin_in(client, make_opdc_staff(), "th")

    html = client.get(reverse("wagtailsnippets_tracker_stagechange:add")).content.decode()

    assert "วัน/เดือน/ปี ปี พ.ศ. หรือ ค.ศ." in html
    [field] = re.findall(r'<input[^>]*name="changed_on"[^>]*>', html)
    assert 'type="text"' in field and 'placeholder="เช่น 1/10/2569"' in field
    assert "date-time-chooser" not in field and "w-date-input" not in field


def test_a_saved_date_is_shown_back_in_the_buddhist_era_and_saves_unchanged(client):
    page = make_case_study(stage="idea")
    admin_in(client, make_opdc_staff(), "th")
    client.post(
        reverse("wagtailsnippets_tracker_stagechange:add"), _stage_change_data(page, "1/10/2569")
    )
    change = StageChange.objects.get()
    assert change.changed_on == datetime.date(2026, 10, 1)
    edit = reverse("wagtailsnippets_tracker_stagechange:edit", args=[change.pk])

    html = client.get(edit).content.decode()

    [field] = re.findall(r'<input[^>]*name="changed_on"[^>]*>', html)
    assert 'value="01/10/2569"' in field
    client.post(edit, _stage_change_data(page, "01/10/2569", evidence="แก้ไข"))
    change.refresh_from_db()
    assert change.changed_on == datetime.date(2026, 10, 1) and change.evidence_text == "แก้ไข"


def test_an_impossible_day_is_refused_not_replaced(client):
    page = make_case_study(stage="idea")
    admin_in(client, make_opdc_staff(), "th")

    response = client.post(
        reverse("wagtailsnippets_tracker_stagechange:add"), _stage_change_data(page, "31/02/2569")
    )

    assert response.status_code == 200
    assert not StageChange.objects.exists()


@pytest.mark.parametrize("typed", ["1899-12-31", "2201-01-01", "2442-12-31", "0020-01-01"])
def test_an_implausible_year_is_refused_with_a_message_and_nothing_is_saved(client, typed):
    page = make_case_study(stage="idea")
    admin_in(client, make_opdc_staff(), "th")

    response = client.post(
        reverse("wagtailsnippets_tracker_stagechange:add"), _stage_change_data(page, typed)
    )

    assert response.status_code == 200
    assert "กรุณาระบุปี พ.ศ. 2443 ถึง 2743 หรือ ค.ศ. 1900 ถึง 2200" in response.content.decode()
    assert not StageChange.objects.exists()


def _adoption_form(page, started_on):
    return {
        "prototype": page.pk,
        "agency": make_agency().pk,
        "started_on": started_on,
        "stage_reached": "pilot",
        "people_served": "100",
        "evidence_text": "รายงานผล",
        "evidence_url": "",
        "outcomes-TOTAL_FORMS": "0",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "1000",
    }


def test_an_adoption_starting_more_than_a_year_ahead_is_refused(client):
    # 1 January 2590 BE is 2047 CE: a mistyped year that showed on the dashboard's chart.
    page = make_case_study(stage="pilot")
    admin_in(client, make_opdc_staff(), "th")

    response = client.post(
        reverse("wagtailsnippets_tracker_adoption:add"), _adoption_form(page, "1/1/2590")
    )

    assert response.status_code == 200
    page_text = response.content.decode()
    assert "1 มกราคม 2590" in page_text
    latest = timezone.localdate() + datetime.timedelta(days=ADOPTION_MAX_DAYS_AHEAD)
    assert format_date(latest, language="th") in page_text
    assert not Adoption.objects.exists()


def test_an_adoption_may_start_up_to_a_year_ahead(client):
    page = make_case_study(stage="pilot")
    admin_in(client, make_opdc_staff(), "en")
    latest = timezone.localdate() + datetime.timedelta(days=ADOPTION_MAX_DAYS_AHEAD)
    url = reverse("wagtailsnippets_tracker_adoption:add")

    refused = client.post(
        url, _adoption_form(page, (latest + datetime.timedelta(days=1)).isoformat())
    )
    accepted = client.post(url, _adoption_form(page, latest.isoformat()))

    assert refused.status_code == 200
    assert "at most a year from today" in refused.content.decode()
    assert accepted.status_code == 302
    assert Adoption.objects.get().started_on == latest


def test_a_buddhist_era_date_typed_in_the_adoption_form_is_that_day(client):
    page = make_case_study(stage="pilot")
    admin_in(client, make_opdc_staff(), "th")

    response = client.post(
        reverse("wagtailsnippets_tracker_adoption:add"),
        {
            "prototype": page.pk,
            "agency": make_agency().pk,
            "started_on": "1/10/2569",
            "stage_reached": "pilot",
            "people_served": "100",
            "evidence_text": "รายงานผล",
            "evidence_url": "",
            "outcomes-TOTAL_FORMS": "0",
            "outcomes-INITIAL_FORMS": "0",
            "outcomes-MIN_NUM_FORMS": "0",
            "outcomes-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    assert Adoption.objects.get().started_on == datetime.date(2026, 10, 1)
    assert "1 ตุลาคม 2569" in client.get(page.url).content.decode()
