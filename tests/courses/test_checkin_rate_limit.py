"""Guessing typed check-in codes is rate-limited per person and per address."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from courses import checkin
from courses.models import Attendance, Enrollment
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_learner

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
LIMITED = "Too many codes tried. Please wait a minute and try again, or scan the QR code."


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def session():
    with time_machine.travel(START, tick=False):
        cohort = make_cohort(start_date=START.date(), end_date=START.date())
        yield make_session(cohort, starts_at=START, ends_at=START + datetime.timedelta(hours=3))


def _learner(session):
    learner = make_learner()
    Enrollment.objects.create(
        learner=learner, cohort=session.cohort, status=Enrollment.Status.ENROLLED
    )
    return learner


def _thai(message):
    with translation.override("th"):
        return escape(gettext(message))


def test_after_five_wrong_codes_even_the_right_code_is_refused_and_nothing_recorded(
    client, session
):
    learner = _learner(session)
    client.force_login(learner)
    url = reverse("checkin:typed")
    for _ in range(checkin_limit()):
        assert client.post(url, {"code": "ZZZZZZ"}).status_code == 400

    response = client.post(url, {"code": checkin.typed_code(session)})

    assert response.status_code == 429
    assert _thai(LIMITED) in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_limit_is_per_person(client, session):
    url = reverse("checkin:typed")
    client.force_login(_learner(session))
    for _ in range(checkin_limit() + 1):
        client.post(url, {"code": "ZZZZZZ"})
    other = _learner(session)
    client.force_login(other)
    response = client.post(url, {"code": checkin.typed_code(session)})
    assert response.status_code == 200
    assert Attendance.objects.get().enrollment.learner == other


def test_the_limit_is_per_address_too(client, session, monkeypatch):
    # The real cap (100 a minute) lets a class behind one Wi-Fi address through; 3 here.
    monkeypatch.setattr(checkin, "TYPED_CODE_RATE_PER_IP", "3/m")
    url = reverse("checkin:typed")
    for _ in range(3):
        client.force_login(_learner(session))
        client.post(url, {"code": "ZZZZZZ"}, REMOTE_ADDR="10.0.0.7")
    late = _learner(session)
    client.force_login(late)

    same_address = client.post(url, {"code": checkin.typed_code(session)}, REMOTE_ADDR="10.0.0.7")
    assert same_address.status_code == 429
    assert not Attendance.objects.exists()
    elsewhere = client.post(url, {"code": checkin.typed_code(session)}, REMOTE_ADDR="10.0.0.8")
    assert elsewhere.status_code == 200
    assert Attendance.objects.get().enrollment.learner == late


def checkin_limit() -> int:
    return int(checkin.TYPED_CODE_RATE_PER_USER.split("/")[0])
