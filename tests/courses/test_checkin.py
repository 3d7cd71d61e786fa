"""QR and typed-code check-in: the trainer's screen and the learner's scan."""

import datetime
import re
from urllib.parse import parse_qs

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.models import User
from courses import checkin
from courses.models import Attendance
from tests.courses.helpers import make_cohort, make_session, make_session_today, seat
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


def thai(message: str) -> str:
    """The message as a learner sees it: /checkin/ has no language prefix, so it is in Thai."""
    with translation.override("th"):
        return escape(gettext(message))


START = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def session(trainer, clock):
    return make_session_today(trainer, START)


@pytest.fixture
def learner(session):
    learner = make_learner()
    seat(learner, session)
    return learner


def _scan(client, token):
    """Open the scanned link, then press "Check me in"."""
    url = reverse("checkin:scan", args=[token])
    page = client.get(url)
    if page.status_code != 200:
        return page
    confirm = re.search(r'name="confirm" value="([^"]+)"', page.content.decode())
    if confirm is None:  # no button: already checked in
        return page
    return client.post(url, {"confirm": confirm.group(1)})


def test_a_fresh_qr_checks_the_learner_in_as_present(client, session, learner):
    client.force_login(learner)
    response = _scan(client, checkin.qr_token(session))
    assert response.status_code == 200
    attendance = Attendance.objects.get()
    assert attendance.status == Attendance.Status.PRESENT
    assert attendance.method == Attendance.Method.QR
    assert attendance.enrollment.learner == learner
    assert attendance.history.first().history_user == learner


def test_arriving_after_the_grace_period_is_late(client, clock, session, learner):
    clock.move_to(START + datetime.timedelta(minutes=16))
    client.force_login(learner)
    _scan(client, checkin.qr_token(session))
    assert Attendance.objects.get().status == Attendance.Status.LATE


def test_a_session_without_a_late_rule_marks_nobody_late(client, clock, session, learner):
    session.late_after_minutes = None
    session.save()
    clock.move_to(START + datetime.timedelta(minutes=100))
    client.force_login(learner)
    _scan(client, checkin.qr_token(session))
    assert Attendance.objects.get().status == Attendance.Status.PRESENT


def test_a_session_s_own_grace_period_decides_late(client, clock, session, learner):
    session.late_after_minutes = 5
    session.save()
    clock.move_to(START + datetime.timedelta(minutes=6))
    client.force_login(learner)
    _scan(client, checkin.qr_token(session))
    assert Attendance.objects.get().status == Attendance.Status.LATE


def test_a_token_older_than_30_seconds_is_refused_and_records_nothing(
    client, clock, session, learner
):
    token = checkin.qr_token(session)
    clock.shift(checkin.VALID_SECONDS + 1)
    client.force_login(learner)
    response = _scan(client, token)
    assert response.status_code == 400
    assert (
        thai("This QR code has expired. Please scan the code on the screen again.")
        in response.content.decode()
    )
    assert not Attendance.objects.exists()


def test_a_token_is_still_good_within_30_seconds(client, clock, session, learner):
    token = checkin.qr_token(session)
    clock.shift(checkin.VALID_SECONDS - 5)
    client.force_login(learner)
    assert _scan(client, token).status_code == 200
    assert Attendance.objects.count() == 1


def test_the_qr_token_rotates(clock, session):
    first = checkin.qr_token(session)
    clock.shift(checkin.ROTATE_SECONDS)
    assert checkin.qr_token(session) != first


def test_a_forged_token_is_refused(client, session, learner):
    token = checkin.qr_token(session)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    client.force_login(learner)
    response = _scan(client, forged)
    assert response.status_code == 400
    assert thai("This check-in code is not valid.") in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_token_signed_for_another_purpose_is_refused(client, session, learner):

    client.force_login(learner)
    other_salt = signing.TimestampSigner(salt="certificates.something").sign(session.code)
    assert _scan(client, other_salt).status_code == 400
    assert not Attendance.objects.exists()


def test_a_token_for_another_cohorts_session_is_refused(client, clock, session, learner):
    other = make_session(
        make_cohort(start_date=START.date(), end_date=START.date()),
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=2),
    )
    client.force_login(learner)
    response = _scan(client, checkin.qr_token(other))
    assert response.status_code == 400
    assert thai("You are not enrolled in the cohort of this session.") in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_confirmation_cannot_be_forwarded_to_someone_else(client, session, learner):
    url = reverse("checkin:scan", args=[checkin.qr_token(session)])
    confirm = checkin.confirmation_token(session, learner)
    friend = make_learner()
    seat(friend, session)
    client.force_login(friend)
    assert client.post(url, {"confirm": confirm}).status_code == 400
    assert not Attendance.objects.exists()


def test_a_second_scan_shows_the_first_check_in_and_changes_nothing(
    client, clock, session, learner
):
    client.force_login(learner)
    _scan(client, checkin.qr_token(session))
    clock.shift(60 * 30)  # would now be late
    response = _scan(client, checkin.qr_token(session))
    assert response.status_code == 200
    page = response.content.decode()
    assert thai("You are already checked in") in page
    assert thai("Check me in") not in page
    assert f"{thai('On time')}</span> · 16:00" in page  # 09:00 UTC, in Bangkok
    attendance = Attendance.objects.get()
    assert attendance.status == Attendance.Status.PRESENT
    assert attendance.history.count() == 1


def test_check_in_is_refused_long_before_the_session(client, clock, session, learner):
    clock.move_to(START - checkin.OPENS_BEFORE - datetime.timedelta(minutes=1))
    client.force_login(learner)
    response = _scan(client, checkin.qr_token(session))
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_anonymous_scanners_are_sent_to_log_in(client, session, learner):
    response = client.get(reverse("checkin:scan", args=[checkin.qr_token(session)]))
    assert response.status_code == 302
    assert not Attendance.objects.exists()


def _log_in(client, login_url, learner):
    """The log-in form, as the learner fills it in on their phone."""
    return client.post(
        login_url, {"username": learner.username, "password": "correct horse battery staple"}
    )


def _scan_logged_out(client, token):
    """Scan while logged out: the page sends the learner to log in and back."""
    url = reverse("checkin:scan", args=[token])
    response = client.get(url)
    assert response.status_code == 302
    login_url, _sep, query = response.url.partition("?")
    assert login_url == reverse("accounts:login")
    assert parse_qs(query)["next"] == [url]
    return response.url


def test_a_scan_made_logged_out_checks_in_after_a_slow_log_in_once(client, clock, session, learner):
    token = checkin.qr_token(session)
    login_url = _scan_logged_out(client, token)

    clock.shift(120)  # the QR on the screen expired long ago
    logged_in = _log_in(client, login_url, learner)
    assert logged_in.status_code == 302
    response = _scan(client, token)  # where the log-in form sends the learner back

    assert response.status_code == 200
    assert thai("Check me in") not in response.content.decode()
    attendance = Attendance.objects.get()
    assert attendance.enrollment.learner == learner
    assert attendance.method == Attendance.Method.QR
    # Arrived when they scanned, not when they finished logging in.
    assert attendance.status == Attendance.Status.PRESENT

    # The same link again, long expired, shows that check-in and records nothing more.
    replay = _scan(client, token)
    assert replay.status_code == 200
    assert thai("You are already checked in") in replay.content.decode()
    assert Attendance.objects.count() == 1


def test_a_held_scan_counts_the_learner_present_from_the_moment_of_the_scan(
    client, clock, session, learner
):
    clock.move_to(START + datetime.timedelta(minutes=14))
    token = checkin.qr_token(session)
    login_url = _scan_logged_out(client, token)
    clock.shift(180)  # now past the grace period
    _log_in(client, login_url, learner)
    assert _scan(client, token).status_code == 200
    assert Attendance.objects.get().status == Attendance.Status.PRESENT


def test_a_held_scan_does_not_reach_another_browser_or_another_session(
    client, clock, session, learner
):
    token = checkin.qr_token(session)
    _scan_logged_out(client, token)
    other_session = make_session(
        session.cohort,
        title="วันที่ 2",
        starts_at=START + datetime.timedelta(minutes=5),
        ends_at=START + datetime.timedelta(hours=2),
    )
    other_token = checkin.qr_token(other_session)
    clock.shift(120)

    # The same link opened in another browser is just an expired QR.
    friend = make_learner()
    seat(friend, session)
    elsewhere = Client()
    elsewhere.force_login(friend)
    assert _scan(elsewhere, token).status_code == 400
    # In the scanning browser, the scan holds only for the session that was scanned.
    client.force_login(learner)
    assert _scan(client, other_token).status_code == 400
    assert not Attendance.objects.exists()


def test_a_held_scan_is_refused_to_a_learner_outside_the_cohort(client, clock, session, learner):
    token = checkin.qr_token(session)
    login_url = _scan_logged_out(client, token)
    clock.shift(120)
    outsider = make_learner()
    _log_in(client, login_url, outsider)

    response = _scan(client, token)

    assert response.status_code == 400
    assert thai("You are not enrolled in the cohort of this session.") in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_held_scan_runs_out_after_the_hold_time(client, clock, session, learner):
    token = checkin.qr_token(session)
    login_url = _scan_logged_out(client, token)
    clock.shift(checkin.SCAN_HOLD_SECONDS + 1)
    _log_in(client, login_url, learner)
    assert _scan(client, token).status_code == 400
    assert not Attendance.objects.exists()


def _switch_language(client, language, token):
    """The switcher on the confirmation page: set_language, back to the same link."""
    url = reverse("checkin:scan", args=[token])
    switched = client.post(reverse("set_language"), {"language": language, "next": url})
    assert switched.url == url
    return client.get(url)


def test_switching_language_on_the_confirmation_page_keeps_the_scan(
    client, clock, session, learner
):
    client.force_login(learner)
    token = checkin.qr_token(session)
    assert client.get(reverse("checkin:scan", args=[token])).status_code == 200

    clock.shift(checkin.VALID_SECONDS + 10)  # the QR on the screen expired meanwhile
    english = _switch_language(client, "en", token)
    assert english.status_code == 200
    assert "Check me in" in english.content.decode()
    thai_again = _switch_language(client, "th", token)
    assert thai("Check me in") in thai_again.content.decode()

    confirm = re.search(r'name="confirm" value="([^"]+)"', thai_again.content.decode()).group(1)
    checked_in = client.post(reverse("checkin:scan", args=[token]), {"confirm": confirm})
    assert checked_in.status_code == 200
    attendance = Attendance.objects.get()
    assert attendance.enrollment.learner == learner
    assert attendance.status == Attendance.Status.PRESENT
    # Used up: the link again shows that check-in, with no button.
    replay = _switch_language(client, "en", token)
    assert "Check me in" not in replay.content.decode()
    assert Attendance.objects.count() == 1


def test_a_scan_kept_through_a_language_switch_is_for_that_session_and_person_only(
    client, clock, session, learner
):
    token = checkin.qr_token(session)
    other_session = make_session(
        session.cohort,
        title="วันที่ 2",
        starts_at=START + datetime.timedelta(minutes=5),
        ends_at=START + datetime.timedelta(hours=2),
    )
    other_token = checkin.qr_token(other_session)
    outsider = make_learner()
    client.force_login(outsider)
    assert client.get(reverse("checkin:scan", args=[token])).status_code == 400
    clock.shift(checkin.VALID_SECONDS + 10)

    refused = _switch_language(client, "en", token)
    assert refused.status_code == 400
    assert "You are not enrolled in the cohort of this session." in refused.content.decode()
    assert "Check me in" not in refused.content.decode()
    # Another session's expired link gets nothing from this browser's scan.
    client.force_login(learner)
    assert _switch_language(client, "th", other_token).status_code == 400
    assert not Attendance.objects.exists()


def test_an_expired_qr_scanned_logged_out_says_so_at_once(client, clock, session):
    token = checkin.qr_token(session)
    clock.shift(checkin.VALID_SECONDS + 1)
    response = client.get(reverse("checkin:scan", args=[token]))
    assert response.status_code == 400
    assert (
        thai("This QR code has expired. Please scan the code on the screen again.")
        in response.content.decode()
    )


# Typed code -------------------------------------------------------------------------------


def test_the_typed_code_checks_in_and_is_case_insensitive(client, session, learner):
    client.force_login(learner)
    code = checkin.typed_code(session).lower()
    response = client.post(reverse("checkin:typed"), {"code": code})
    assert response.status_code == 200
    attendance = Attendance.objects.get()
    assert attendance.method == Attendance.Method.TYPED_CODE
    assert len(code) == 6


def test_an_old_typed_code_is_refused(client, clock, session, learner):
    code = checkin.typed_code(session)
    clock.shift(checkin.VALID_SECONDS + checkin.ROTATE_SECONDS)
    client.force_login(learner)
    assert client.post(reverse("checkin:typed"), {"code": code}).status_code == 400
    assert not Attendance.objects.exists()


def test_a_wrong_typed_code_is_refused(client, session, learner):
    client.force_login(learner)
    code = checkin.typed_code(session)
    wrong = "".join("A" if c != "A" else "B" for c in code)
    assert client.post(reverse("checkin:typed"), {"code": wrong}).status_code == 400
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("length", [5, 7])
def test_a_typed_code_of_the_wrong_length_says_how_long_a_code_is(client, session, learner, length):
    client.force_login(learner)
    code = (checkin.typed_code(session) * 2)[:length]

    # The unprefixed check-in pages speak the learner's preferred language.
    response = client.post(reverse("checkin:typed"), {"code": code})
    User.objects.filter(pk=learner.pk).update(preferred_language="en")
    english = client.post(reverse("checkin:typed"), {"code": code})

    assert response.status_code == 400
    page = response.content.decode()
    assert f"มี {checkin.CODE_LENGTH} ตัว" in page and f"กรอก {length} ตัว" in page
    assert "does not match" not in english.content.decode()
    assert f"A check-in code has {checkin.CODE_LENGTH} characters" in english.content.decode()
    assert f"you typed {length}." in english.content.decode()
    assert not Attendance.objects.exists()


def test_a_typed_code_works_only_for_my_own_sessions(client, session, learner):
    client.force_login(make_learner())
    code = checkin.typed_code(session)
    assert client.post(reverse("checkin:typed"), {"code": code}).status_code == 400
    assert not Attendance.objects.exists()


# Trainer screen ---------------------------------------------------------------------------


def _screen(session):
    return reverse("checkin:screen", args=[session.code])


def test_anonymous_visitors_cannot_open_the_trainer_screen(client, session):
    assert client.get(_screen(session)).status_code == 302


@pytest.mark.parametrize("persona", [make_learner, make_trainer])
def test_learners_and_other_trainers_cannot_open_the_trainer_screen(client, session, persona):
    client.force_login(persona())
    response = client.get(_screen(session))
    assert response.status_code == 403
    assert checkin.typed_code(session).encode() not in response.content


@pytest.mark.parametrize("persona", ["trainer", "staff"])
def test_the_trainer_and_opdc_staff_see_a_rotating_qr_and_code(client, session, trainer, persona):
    client.force_login(trainer if persona == "trainer" else make_opdc_staff())
    response = client.get(_screen(session))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert checkin.typed_code(session) in html
    # The page does not reload itself (an accessibility failure): its script asks for the
    # next code instead.
    assert 'http-equiv="refresh"' not in html
    assert f'data-state-url="/checkin/sessions/{session.code}/screen/state/"' in html
    assert "checkin_screen.js" in html


def test_the_screen_gets_the_next_code_and_the_head_count_without_reloading(
    client, session, trainer, clock
):
    client.force_login(trainer)
    state_url = reverse("checkin:screen_state", args=[session.code])
    first = client.get(state_url).json()
    assert first["typed_code"] == checkin.typed_code(session)
    assert first["checked_in"] == 0
    learner = make_learner()
    seat(learner, session)
    checkin.check_in(learner, session, Attendance.Method.QR)
    clock.shift(checkin.ROTATE_SECONDS)
    later = client.get(state_url)
    assert later["Cache-Control"] == "no-store"
    later = later.json()
    assert later["typed_code"] != first["typed_code"]
    assert later["typed_code"] == checkin.typed_code(session)
    assert later["qr_svg"].startswith("<svg") or "<svg" in later["qr_svg"]
    assert later["checked_in"] == 1


@pytest.mark.parametrize("persona", [make_learner, make_trainer])
def test_nobody_else_can_read_the_screens_codes(client, session, persona):
    client.force_login(persona())
    response = client.get(reverse("checkin:screen_state", args=[session.code]))
    assert response.status_code == 403
    assert checkin.typed_code(session).encode() not in response.content


def test_a_learner_outside_the_cohort_is_told_at_once_and_pointed_to_the_course(
    client, clock, session, learner
):
    """No "Check me in" button that can only fail, and no "type the code instead": the
    scan says at once that this is another cohort's session, and links to its course."""
    outsider = make_learner()
    client.force_login(outsider)

    response = client.get(reverse("checkin:scan", args=[checkin.qr_token(session)]))

    page = response.content.decode()
    assert response.status_code == 400
    assert thai("You are not enrolled in the cohort of this session.") in page
    assert thai("Check me in") not in page
    assert f'href="{reverse("checkin:typed")}"' not in page
    assert f'href="{session.cohort.course.url}"' in page
    assert not Attendance.objects.exists()
