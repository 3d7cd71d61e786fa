"""The check-in pages as a person reads them: in the language they chose (the pages have no
language prefix), what the confirmation says, the projector screen, and the way to the
code-entry page from My learning."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from courses import checkin
from courses.models import Attendance
from tests.courses.helpers import make_session_today, seat
from tests.factories import make_learner, make_trainer

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)  # 09:00 in Bangkok
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
THAI_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "th-TH,th;q=0.9"}


def said(message: str, language: str) -> str:
    with translation.override(language):
        return escape(gettext(message))


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


def seated(session, **overrides):
    learner = make_learner(**overrides)
    seat(learner, session)
    return learner


def _lang(response) -> str:
    return re.search(r'<html lang="([a-z]+)"', response.content.decode()).group(1)


# 1. The language of the unprefixed pages.


def test_a_thai_learner_with_an_english_browser_reads_the_check_in_page_in_thai(
    session,
):
    learner = seated(session, preferred_language="th")
    client = Client(**ENGLISH_BROWSER)
    client.force_login(learner)
    response = client.get(reverse("checkin:scan", args=[checkin.qr_token(session)]))
    assert _lang(response) == "th"
    assert said("Check me in", "th") in response.content.decode()
    assert response["Content-Language"] == "th"


def test_an_english_learner_reads_the_check_in_pages_in_english(session):
    learner = seated(session, preferred_language="en")
    client = Client(**THAI_BROWSER)
    client.force_login(learner)
    response = client.get(reverse("checkin:typed"))
    assert _lang(response) == "en"
    assert "Check in with a code" in response.content.decode()


def test_the_switcher_on_the_qr_screen_switches_it(session, trainer):
    client = Client()
    client.force_login(trainer)
    screen = reverse("checkin:screen", args=[session.code])
    page = client.get(screen)
    assert _lang(page) == "th"
    html = page.content.decode()
    # The switcher is a form to Django's set_language coming back to this same address.
    assert f'action="{reverse("set_language")}"' in html
    assert f'name="next" value="{screen}"' in html
    assert 'value="en" class="link-button" lang="en">English</button>' in html

    switched = client.post(reverse("set_language"), {"language": "en", "next": screen})
    assert switched.status_code == 302
    assert switched.url == screen
    english = client.get(screen)
    assert _lang(english) == "en"
    assert "Back to the admin" in english.content.decode()
    # The head count fetched by the screen's script is in English too.
    state = client.get(reverse("checkin:screen_state", args=[session.code])).json()
    assert state["checked_in_text"] == "0 people present"


def test_the_qr_screen_opened_from_an_english_admin_is_in_english(session, trainer):
    from tests.courses.test_admin_dates import admin_in

    client = Client(**THAI_BROWSER)
    admin_in(client, trainer, "en")
    screen = client.get(reverse("checkin:screen", args=[session.code]))
    assert _lang(screen) == "en"
    assert "Back to the admin" in screen.content.decode()
    state = client.get(reverse("checkin:screen_state", args=[session.code])).json()
    assert state["checked_in_text"] == "0 people present"

    # The screen's own switcher still decides once used.
    client.post(reverse("set_language"), {"language": "th", "next": "/"})
    assert _lang(client.get(reverse("checkin:screen", args=[session.code]))) == "th"


def test_the_switchers_choice_wins_over_the_accounts_language(session):
    learner = seated(session, preferred_language="th")
    client = Client()
    client.force_login(learner)
    client.post(reverse("set_language"), {"language": "en", "next": "/checkin/"})
    assert _lang(client.get(reverse("checkin:typed"))) == "en"


def test_switching_the_site_to_english_carries_over_to_check_in(session):
    learner = seated(session, preferred_language="th")
    client = Client()
    client.force_login(learner)
    # The language switcher's link from a Thai page to its English version.
    client.get("/en/me/", HTTP_REFERER="http://testserver/th/me/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert _lang(client.get(reverse("checkin:typed"))) == "en"


def test_browsing_in_one_language_is_not_taken_for_a_choice(session):
    client = Client()
    client.force_login(seated(session))
    client.get("/en/me/", HTTP_REFERER="http://testserver/en/")
    client.get("/en/me/")
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_anonymous_visitors_get_their_browsers_language_as_on_the_home_page(session):
    token = checkin.qr_token(session)
    expired = Client(**ENGLISH_BROWSER)
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        response = expired.get(reverse("checkin:scan", args=[token]))
    assert response.status_code == 400
    assert _lang(response) == "en"
    # Not logged in, no choice, no browser language: Thai, the site's first language.
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        assert _lang(Client().get(reverse("checkin:scan", args=[token]))) == "th"


def test_the_qr_link_is_the_same_in_both_languages(session, trainer):
    client = Client()
    client.force_login(trainer)
    thai_state = client.get(reverse("checkin:screen_state", args=[session.code])).json()
    client.post(reverse("set_language"), {"language": "en", "next": "/checkin/"})
    english_state = client.get(reverse("checkin:screen_state", args=[session.code])).json()
    assert thai_state["qr_svg"] == english_state["qr_svg"]
    assert thai_state["typed_code"] == english_state["typed_code"]


# 2. and 3. The projector screen.


def test_the_screen_shows_the_code_entry_address_and_no_site_menu(session, trainer, settings):
    settings.PUBLIC_BASE_URL = "https://govlab.opdc.go.th"
    client = Client()
    client.force_login(trainer)
    html = client.get(reverse("checkin:screen", args=[session.code])).content.decode()
    assert '<p class="checkin-address">govlab.opdc.go.th/checkin/</p>' in html
    assert said("Scan the QR code, or open this address and type the code:", "th") in html
    # A projector screen: no site menu, not the trainer's own account links.
    assert 'class="main-nav"' not in html
    assert said("Log out", "th") not in html
    assert said("My learning", "th") not in html
    assert reverse("courses_admin_sessions", args=[session.cohort.code]) in html
    assert session.display_title in html
    # Which course: a trainer runs cohorts of the same name in several courses.
    assert f"{session.cohort.course.title} · {session.cohort.display_title}" in html


# 4. The confirmation.


def _check_in(client, session):
    url = reverse("checkin:scan", args=[checkin.qr_token(session)])
    page = client.get(url).content.decode()
    confirm = re.search(r'name="confirm" value="([^"]+)"', page).group(1)
    return client.post(url, {"confirm": confirm})


def test_the_confirmation_names_the_person_course_cohort_session_time_and_status(session, clock):
    learner = seated(session, preferred_language="en")
    client = Client()
    client.force_login(learner)
    clock.shift(20 * 60)  # past the grace period
    html = _check_in(client, session).content.decode()
    assert "You are checked in" in html
    assert learner.display_name in html
    assert "<dd>Public Service Design" in html  # the course's English translation
    assert "Cohort 1, fiscal year 2027" in html  # the cohort's English title
    assert "Day 1: Understanding the problem" in html
    assert '<span class="status status-late">Late</span> · 09:20' in html
    assert f'href="{reverse("my_learning")}"' in html
    assert reverse("my_learning").startswith("/en/")


def test_the_thai_confirmation_uses_the_thai_titles(session):
    learner = seated(session)
    client = Client()
    client.force_login(learner)
    html = _check_in(client, session).content.decode()
    assert said("You are checked in", "th") in html
    assert "รุ่นที่ 1 ปีงบประมาณ 2570" in html
    assert session.cohort.course.title in html
    assert f"{said('On time', 'th')}</span> · 09:00" in html
    assert 'href="/th/me/"' in html


def test_opening_the_qr_link_again_shows_the_check_in_not_the_button(session, clock):
    learner = seated(session, preferred_language="en")
    client = Client()
    client.force_login(learner)
    token = checkin.qr_token(session)
    _check_in(client, session)
    clock.shift(10 * 60)  # the link is long expired
    html = client.get(reverse("checkin:scan", args=[token])).content.decode()
    assert "You are already checked in" in html
    assert "Check me in" not in html
    assert "On time</span> · 09:00" in html
    assert Attendance.objects.count() == 1


def test_someone_else_opening_a_used_link_is_not_shown_the_check_in(session, clock):
    first = seated(session)
    client = Client()
    client.force_login(first)
    token = checkin.qr_token(session)
    _check_in(client, session)
    clock.shift(10 * 60)
    other = Client()
    other.force_login(seated(session))
    response = other.get(reverse("checkin:scan", args=[token]))
    assert response.status_code == 400
    assert first.display_name not in response.content.decode()


# 2. My learning links to the code-entry page on the day of a session.


def test_my_learning_links_to_the_code_page_on_a_session_day(session, clock):
    learner = seated(session, preferred_language="en")
    client = Client()
    client.force_login(learner)
    html = client.get("/th/me/").content.decode()
    assert f'href="/th/checkin/">{said("Check in with a code", "th")}</a>' in html


@pytest.mark.parametrize(("page", "account"), [("en", "th"), ("th", "en")])
def test_the_code_page_from_my_learning_speaks_my_learnings_language(session, page, account):
    # A Thai account reading /en/me/ (opened directly, no switcher used) follows its link to
    # a code page in English, and its refusal of a wrong code is in English too.
    learner = seated(session, preferred_language=account)
    client = Client()
    client.force_login(learner)
    html = client.get(f"/{page}/me/").content.decode()
    link = re.search(r'class="checkin-link" href="([^"]+)"', html).group(1)
    assert link == f"/{page}/checkin/"

    form = client.get(link)
    assert _lang(form) == page
    assert said("Check in with a code", page) in form.content.decode()
    wrong = client.post(link, {"code": "ZZZZZ9"})
    assert wrong.status_code == 400
    assert _lang(wrong) == page


def test_a_wrong_code_gives_the_form_again_with_the_code_and_why(session):
    learner = seated(session)
    client = Client()
    client.force_login(learner)
    response = client.post(reverse("checkin:typed"), {"code": "zzzzz9"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="message message-error" id="checkin-error"' in html
    # The box to type into again, holding what was typed, marked as wrong.
    assert 'name="code" value="zzzzz9"' in html
    assert 'aria-invalid="true"' in html
    assert not Attendance.objects.filter(enrollment__learner=learner).exists()

    right = client.post(reverse("checkin:typed"), {"code": checkin.typed_code(session)})
    assert right.status_code == 200
    assert Attendance.objects.filter(enrollment__learner=learner).count() == 1


def test_the_screens_head_count_is_everyone_present_however_recorded(session, trainer):
    scanned = seated(session)
    marked = seated(session)
    checkin.check_in(scanned, session, Attendance.Method.QR)
    Attendance.objects.create(
        session=session,
        enrollment=marked.enrollments.get(),
        status=Attendance.Status.PRESENT,
        method=Attendance.Method.TRAINER,
    )
    client = Client()
    client.force_login(trainer)
    state = client.get(reverse("checkin:screen_state", args=[session.code])).json()
    with translation.override("th"):
        expected = ngettext("%(people)s person present", "%(people)s people present", 2)
    assert state["checked_in_text"] == expected % {"people": 2}
    assert expected.startswith("เข้าร่วมแล้ว")


def test_my_learning_has_no_code_link_without_a_session_today(session, clock):
    learner = seated(session)
    client = Client()
    client.force_login(learner)
    clock.shift(datetime.timedelta(days=1))
    assert reverse("checkin:typed") not in client.get("/th/me/").content.decode()


# 5. An address with a language answers in that language, whatever the account's.


@pytest.mark.parametrize(("address", "account"), [("th", "en"), ("en", "th")])
def test_a_scan_of_an_address_with_a_language_answers_in_it(session, address, account):
    learner = seated(session, preferred_language=account)
    client = Client()
    client.force_login(learner)
    url = f"/{address}/checkin/{checkin.qr_token(session)}/"

    page = client.get(url)

    assert page.status_code == 200
    assert _lang(page) == address
    assert said("Check me in", address) in page.content.decode()
    confirm = re.search(r'name="confirm" value="([^"]+)"', page.content.decode()).group(1)
    done = client.post(url, {"confirm": confirm})
    assert _lang(done) == address
    assert said("You are checked in", address) in done.content.decode()
    assert Attendance.objects.filter(session=session, enrollment__learner=learner).exists()


@pytest.mark.parametrize(("address", "account"), [("th", "en"), ("en", "th")])
def test_the_address_language_is_kept_through_the_log_in(session, address, account):
    learner = seated(session, preferred_language=account)
    client = Client(**(THAI_BROWSER if account == "th" else ENGLISH_BROWSER))
    url = f"/{address}/checkin/{checkin.qr_token(session)}/"

    to_login = client.get(url)

    assert to_login.status_code == 302
    login_url = to_login["Location"]
    assert login_url.startswith(f"/{address}/accounts/login/")
    assert _lang(client.get(login_url)) == address
    logged_in = client.post(
        login_url, {"username": learner.username, "password": "correct horse battery staple"}
    )
    assert logged_in.status_code == 302
    assert logged_in["Location"] == url  # the log-in form sends them back to the scan

    back = client.get(logged_in["Location"])
    assert _lang(back) == address
    assert said("Check me in", address) in back.content.decode()
