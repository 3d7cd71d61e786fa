"""Dates on the trainers' admin screens: the Buddhist era in the Thai admin, one Gregorian
format in the English admin, never Django's "16 มกราคม 2027" (thai.dates.format_date)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_bilingual_course, make_trainer

pytestmark = pytest.mark.django_db
START = datetime.date(2027, 1, 16)


@pytest.fixture(autouse=True)
def _before_the_cohort():
    """A month before the cohort, so the home panels list it whenever the tests run."""
    with time_machine.travel(datetime.datetime(2026, 12, 16, 10, tzinfo=datetime.UTC)):
        yield


def admin_in(client, user, language: str):
    """`user` logged in to the admin with `language` chosen as their admin language."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    return make_cohort(
        title="รุ่นทดลอง",  # no year in the title: the dates are the only years on the page
        course=make_bilingual_course(),
        start_date=START,
        end_date=START + datetime.timedelta(days=1),
        trainers=[trainer],
    )


def test_the_cohort_listing_shows_buddhist_era_dates_in_thai(client, trainer, cohort):
    admin_in(client, trainer, "th")

    html = client.get(reverse("courses_cohort:index")).content.decode()

    assert "16 มกราคม 2570" in html and "17 มกราคม 2570" in html
    assert "2027" not in html


def test_the_cohort_listing_shows_one_gregorian_format_in_english(client, trainer, cohort):
    admin_in(client, trainer, "en")

    html = client.get(reverse("courses_cohort:index")).content.decode()

    assert "16 January 2027" in html and "17 January 2027" in html
    assert "Jan. 16, 2027" not in html and "2570" not in html


def test_the_cohort_listing_still_sorts_by_start_date(client, trainer, cohort):
    make_cohort(title="รุ่นก่อน", start_date=START - datetime.timedelta(days=30), trainers=[trainer])
    admin_in(client, trainer, "th")

    html = client.get(reverse("courses_cohort:index"), {"ordering": "start_date"}).content.decode()

    assert html.index("17 ธันวาคม 2569") < html.index("16 มกราคม 2570")


@pytest.mark.parametrize(
    ("language", "expected", "unexpected"),
    [("th", "16 มกราคม 2570 เวลา 09:00\u00a0น.", "2027"), ("en", "16 January 2027, 09:00", "2570")],
)
def test_the_sessions_page_and_the_home_panels_use_the_same_calendar(
    client, trainer, cohort, language, expected, unexpected
):
    starts = timezone.make_aware(datetime.datetime.combine(START, datetime.time(9)))
    make_session(cohort, starts_at=starts)
    admin_in(client, trainer, language)

    sessions = client.get(reverse("courses_admin_sessions", args=[cohort.code])).content.decode()
    assert expected in sessions and unexpected not in sessions
    # The admin home's "my cohorts" panel: short dates of the same calendar.
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    short = {"th": "16 ม.ค. 70", "en": "16 Jan 2027"}[language]
    assert short in home
