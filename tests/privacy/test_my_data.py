"""/th/me/data/: a readable summary of the person's data in their language, the JSON download,
and the erasure request behind a confirmation page."""

import json
import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from certificates import issuing
from courses.models import Attendance
from privacy import registry
from privacy.models import DataRequest
from tests.certificates.factories import make_cohort, make_enrollment
from tests.courses.helpers import make_session
from tests.factories import make_bilingual_course, make_learner

pytestmark = pytest.mark.django_db


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return escape(gettext(message))


@pytest.fixture
def learner():
    """A learner who completed a cohort of 17-21 February 2020 (2563 in the Buddhist era), with
    attendance and a certificate."""
    learner = make_learner(email="somsri.data@dol.go.th", phone="0812345678")
    cohort = make_cohort(course=make_bilingual_course(duration_hours=30))
    enrollment = make_enrollment(learner=learner, cohort=cohort)
    session = make_session(cohort)
    Attendance.objects.create(session=session, enrollment=enrollment, status="present", method="qr")
    issuing.issue_certificate(enrollment)
    return learner


def _page(client, learner, language: str) -> str:
    client.force_login(learner)
    response = client.get(f"/{language}/me/data/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.content.decode()


def test_each_section_and_field_is_named_in_thai_with_buddhist_era_dates(client, learner):
    page = _page(client, learner, "th")

    with translation.override("th"):
        sections = registry.read_person(learner)
        for section in sections:
            assert f"<h2>{escape(section['title'])}</h2>" in page
            for record in section["records"]:
                for value in record:
                    assert f"<dt>{escape(value.label)}</dt>" in page
        enrolments = next(s for s in sections if s["model"] == "courses.enrollment")
        labels = [value.label for value in enrolments["records"][0]]
    assert labels[0] == _in("th", "course")  # not cohort__course__title
    # No raw field names, no English section names, no ISO or UTC times.
    assert "cohort__course__title" not in page and "history_date" not in page
    assert "Historical" not in page and "Access logs" not in page
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page)
    assert "+00:00" not in page
    # Dates in the Buddhist era; codes shown by their meaning.
    assert "17 กุมภาพันธ์ 2563" in page
    assert _in("th", "Present") in page  # attendance status "present"
    assert "somsri.data@dol.go.th" in page
    # Why the certificate's history row was written, in Thai, not the stored word "issued".
    assert "<dd>ออกแล้ว</dd>" in page and "<dd>issued</dd>" not in page


def test_the_english_summary_is_in_english(client, learner):
    page = _page(client, learner, "en")

    assert "<h2>Enrolments</h2>" in page
    assert "<dt>Course</dt>" in page
    assert "<dt>Cohort: start date</dt>" in page
    assert "17 February 2020" in page
    assert "<h2>History of enrolments</h2>" in page
    assert "<dt>Date of the change</dt>" in page
    assert "กุมภาพันธ์" not in page


def test_reading_the_page_is_not_recorded_as_an_export_request(client, learner):
    _page(client, learner, "th")
    _page(client, learner, "en")

    assert not DataRequest.objects.filter(person=learner).exists()

    client.get("/th/me/data.json")
    assert DataRequest.objects.filter(person=learner, kind=DataRequest.Kind.EXPORT).count() == 1


def test_the_json_download_keeps_every_registered_field_and_thai_as_utf8(client, learner):
    client.force_login(learner)

    body = client.get("/th/me/data.json").content

    text = body.decode("utf-8")
    assert "\\u0e" not in text
    assert "กุมภาพันธ์" not in text  # dates stay machine-readable
    assert learner.first_name_th in text
    data = json.loads(text)
    for section in data["sections"]:
        handler = registry.handler_for_label(section["model"])
        if isinstance(handler.export, registry.Rows):
            for row in section["rows"]:
                assert list(row) == handler.export.fields
    models = {section["model"] for section in data["sections"]}
    assert {"accounts.user", "courses.enrollment", "courses.attendance"} <= models
    assert {"certificates.certificate", "courses.historicalenrollment"} <= models
    enrolment = next(s for s in data["sections"] if s["model"] == "courses.enrollment")
    assert enrolment["rows"][0]["status"] == "completed"  # codes, not labels
    assert enrolment["rows"][0]["requested_at"].endswith("+07:00")  # Bangkok time


# Erasure: a page that says what happens, then the request ------------------------------


def test_my_data_and_the_erasure_page_name_the_erased_label_alike(client):
    """One Thai wording for what an erased person's name becomes, on both PDPA pages and on
    the certificates."""
    from certificates.privacy import ERASED_HOLDER_TH

    client.force_login(make_learner())

    for url in ("/th/me/data/", "/th/me/data/erase/"):
        page = client.get(url).content.decode()
        assert f"“{ERASED_HOLDER_TH}”" in page
        assert "ลบข้อมูลตามคำขอของเจ้าของข้อมูล" not in page
    assert ERASED_HOLDER_TH == "ลบตามคำขอของเจ้าของข้อมูล"


def test_the_erasure_page_says_what_is_deleted_what_is_kept_and_who_handles_it(client):
    learner = make_learner()
    client.force_login(learner)

    response = client.get("/th/me/data/erase/")

    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "What is deleted",
        "What is kept, and why",
        "Each certificate's verification record (serial number, course, dates, hours and "
        "status), so that agencies can still check a certificate by its serial number.",
        "Your request goes to the staff of the Office of the Public Sector Development "
        "Commission (OPDC). They handle it within 30 days and tell you the outcome by e-mail. "
        "Nothing is erased before they do.",
        "Yes, ask OPDC to erase my data",
    ):
        assert _in("th", message) in page
    assert '<form method="post" action="/th/me/data/erase/"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'class="button button-danger"' in page
    assert not DataRequest.objects.exists()  # looking changes nothing

    english = client.get("/en/me/data/erase/").content.decode()
    assert "What is kept, and why" in english and "OPDC" in english


def test_my_data_links_to_the_erasure_page_instead_of_a_one_click_button(client, learner):
    page = _page(client, learner, "th")
    assert 'href="/th/me/data/erase/"' in page
    assert not re.search(r"<form[^>]*erase", page)


def test_asking_for_erasure_needs_the_csrf_token():
    learner = make_learner()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)

    assert browser.post("/th/me/data/erase/").status_code == 403
    assert not DataRequest.objects.exists()

    page = browser.get("/th/me/data/erase/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post("/th/me/data/erase/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert DataRequest.objects.get(person=learner).kind == DataRequest.Kind.ERASURE


def test_a_pending_request_is_shown_instead_of_a_second_button(client):
    learner = make_learner()
    DataRequest.objects.create(person=learner, kind=DataRequest.Kind.ERASURE)
    client.force_login(learner)

    page = client.get("/th/me/data/erase/").content.decode()

    assert _in("th", "Your erasure request is already waiting for OPDC staff.") in page
    assert "button-danger" not in page
    assert DataRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "month", "accepted"),
    [
        ("th", "พฤศจิกายน 2569", "ฉบับของประกาศความเป็นส่วนตัวที่ยอมรับ: พฤศจิกายน 2569 "),
        ("en", "November 2026", "Privacy notice version accepted: November 2026. "),
    ],
)
def test_the_privacy_notice_version_reads_as_its_month_and_stays_machine_readable(
    client, language, month, accepted
):
    learner = make_learner(privacy_notice_version="2026-11")

    page = _page(client, learner, language)
    data = json.loads(client.get("/th/me/data.json").content)

    assert accepted in page
    assert f"<dd>{month}</dd>" in page  # the profile section too
    assert "2026-11" not in page
    assert data["privacy_notice_version"] == "2026-11"
    [profile] = next(s["rows"] for s in data["sections"] if s["model"] == "accounts.user")
    assert profile["privacy_notice_version"] == "2026-11"
    learner.refresh_from_db()
    assert learner.privacy_notice_version == "2026-11"


@pytest.mark.parametrize(
    ("language", "label", "created"),
    [("th", "สิ่งที่เกิดขึ้น", "สร้างรายการ"), ("en", "What happened", "Created")],
)
def test_the_history_reads_as_what_happened_and_names_the_module(
    client, learner, language, label, created
):
    from courses.models import Enrollment, ModuleProgress
    from tests.factories import make_module

    enrollment = Enrollment.objects.get(learner=learner)
    module = make_module(
        enrollment.cohort.course, title="บทเรียนที่ 1", english={"title": "Module one"}
    )
    ModuleProgress.objects.create(enrollment=enrollment, module=module)

    page = _page(client, learner, language)

    assert f"<dt>{label}</dt><dd>{created}</dd>" in page
    assert "(number)" not in page and "(หมายเลข)" not in page
    assert f"<dd>{module.pk}</dd>" not in page
    # The module by its title in the reader's language, in the progress and its history alike
    # (the download keeps the title as stored).
    if language == "en":
        assert "Module one" in page
        assert "บทเรียนที่ 1" not in page
    else:
        assert "บทเรียนที่ 1" in page
