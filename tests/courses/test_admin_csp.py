"""Our own admin screens run under a nonce-based Content-Security-Policy: every script they
load comes from a file, and nothing is styled inline (Wagtail's own screens still are not,
which is why the admin policy stays report-only: docs/security.md)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_trainer

pytestmark = pytest.mark.django_db

# An executable script without src= (JSON data blocks are not executed, so CSP allows them).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"\sstyle=|<style", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.I)


def test_our_admin_screens_have_no_inline_script_style_or_handler(client):
    trainer = make_trainer()
    cohort = make_cohort(trainers=[trainer])
    session = make_session(cohort)
    client.force_login(trainer)
    code = cohort.code

    for url in (
        reverse("courses_admin_roster", args=[code]),
        reverse("courses_admin_sessions", args=[code]),
        reverse("courses_admin_session_edit", args=[code, session.code]),
        reverse("courses_admin_attendance", args=[code, session.code]),
    ):
        page = client.get(url).content.decode()
        assert INLINE_SCRIPT.findall(page) == [], url
        assert INLINE_STYLE.findall(page) == [], url
        assert INLINE_HANDLER.findall(page) == [], url


def test_the_attendance_sheet_loads_its_tick_all_script_from_a_static_file(client):
    trainer = make_trainer()
    session = make_session(make_cohort(trainers=[trainer]))
    client.force_login(trainer)

    page = client.get(
        reverse("courses_admin_attendance", args=[session.cohort.code, session.code])
    ).content.decode()

    assert '<script src="/static/courses/attendance_sheet.js" defer></script>' in page
    assert "data-select-all" in page
    script = open(finders.find("courses/attendance_sheet.js"), encoding="utf-8").read()
    assert "[data-select-all]" in script and 'input[name="enrollments"]' in script


def test_the_session_form_uses_the_browsers_date_time_picker(client):
    trainer = make_trainer()
    session = make_session(make_cohort(trainers=[trainer]))
    client.force_login(trainer)

    page = client.get(
        reverse("courses_admin_session_edit", args=[session.cohort.code, session.code])
    ).content.decode()

    assert page.count('type="datetime-local"') == 2
