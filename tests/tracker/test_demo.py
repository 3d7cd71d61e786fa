"""The tracker's demo names who recorded it: the demo OPDC staff person, once the people
exist (the tracker is built before them), on every stage change and history row."""

import re

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from accounts.models import User
from demo import loading
from tracker.models import Adoption, StageChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker_and_people(demo_content):
    people = next(p for p in loading.PARTS if p.build is loading._build_people)
    loading.load(demo_content, parts=(*loading.SITE_PARTS, people))
    loading.load(demo_content, parts=(*loading.SITE_PARTS, people))  # a reload changes nothing
    return User.objects.get(username=demo_content["tracker"]["recorded_by"])


def test_every_demo_stage_change_and_history_row_names_the_opdc_staff_person(tracker_and_people):
    opdc = tracker_and_people
    assert StageChange.objects.exists() and Adoption.objects.exists()
    assert set(StageChange.objects.values_list("recorded_by", flat=True)) == {opdc.pk}
    for model in (StageChange, Adoption):
        assert set(model.history.values_list("history_user", flat=True)) == {opdc.pk}


def test_the_thai_list_of_stage_changes_shows_who_recorded_them(client, tracker_and_people):
    opdc = tracker_and_people
    profile = UserProfile.get_for_user(opdc)
    profile.preferred_language = "th"
    profile.save()
    client.force_login(opdc)

    page = client.get(reverse("wagtailsnippets_tracker_stagechange:list")).content.decode()

    # A page of 20 rows, each with the name.
    assert page.count(opdc.full_name_th) >= min(20, StageChange.objects.count())
    assert f">{opdc.username}<" not in page
    assert "เพิ่มการเปลี่ยนระยะ" in page and "เพิ่ม การเปลี่ยนระยะ" not in page
    assert re.search(r"หน้า 1 จาก [0-9]+<", page) and not re.search(r"ของ ?[0-9]", page)
