"""A learner's whole journey in real browsers: enrol on a phone, the trainer projects the QR
check-in, the learner opens the scanned link (logging in on the way) and is marked present,
then completes the modules and sees the cohort completed on "My learning"."""

import datetime
import io

import zxingcpp
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from courses.models import Attendance, Enrollment
from tests.browser.conftest import PHONE, check_accessibility, log_in, save_screenshot
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_course, make_learner, make_module, make_trainer

PASSWORD = "correct horse battery staple"  # the factories' default


def thai(message: str) -> str:
    with translation.override("th"):
        return gettext(message)


def _scan_qr(page) -> str:
    """What a phone camera reads from the projected QR code."""
    png = page.locator(".checkin-qr").screenshot()
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return barcode.text


def test_a_learner_enrols_checks_in_by_qr_and_completes_the_course(
    browser, live_server, phone_page, desktop_page
):
    now = timezone.now()
    course = make_course(title="การออกแบบบริการภาครัฐ")
    modules = [make_module(course, title="บทที่ 1"), make_module(course, title="บทที่ 2")]
    trainer = make_trainer()
    cohort = make_cohort(
        course=course,
        title="รุ่นทดลอง",
        trainers=[trainer],
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        enrolment_closes_at=now + datetime.timedelta(hours=6),
        min_attendance_percent=100,
    )
    cohort.required_modules.set(modules)
    session = make_session(
        cohort,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=3),
    )
    learner = make_learner()

    # 1. The learner enrols from the course page on their phone.
    log_in(phone_page, learner.username, PASSWORD)
    phone_page.goto(course.url)
    with phone_page.expect_navigation():
        phone_page.locator(f'form[action$="/cohorts/{cohort.code}/enrol/"] button').click()
    enrollment = Enrollment.objects.get(learner=learner, cohort=cohort)
    assert enrollment.status == Enrollment.Status.ENROLLED

    # 2. The trainer opens the projector screen.
    log_in(desktop_page, trainer.username, PASSWORD)
    desktop_page.goto(f"/checkin/sessions/{session.code}/screen/")
    save_screenshot(desktop_page, "learner-journey-checkin-screen")
    link = _scan_qr(desktop_page)
    assert "/checkin/" in link

    # 3. A phone that is not logged in opens the scanned link, logs in on the way...
    # /checkin/ has no language prefix: the page follows the phone's language, Thai here.
    scanner = browser.new_context(base_url=live_server.url, locale="th-TH", **PHONE)
    phone = scanner.new_page()
    phone.goto(link)
    assert "/accounts/login/" in phone.url
    phone.fill("#id_username", learner.username)
    phone.fill("#id_password", PASSWORD)
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    # ...lands back on the check-in, with no second scan, and confirms.
    assert "/checkin/" in phone.url
    with phone.expect_navigation():
        phone.get_by_role("button", name=thai("Check me in")).click()
    assert thai("You are checked in") in phone.content()
    save_screenshot(phone, "learner-journey-checked-in-phone")
    attendance = Attendance.objects.get(enrollment=enrollment)
    assert attendance.status == Attendance.Status.PRESENT
    assert attendance.method == Attendance.Method.QR

    # 4. The learner works through the modules.
    for module in modules:
        phone.goto(module.url)
        with phone.expect_navigation():
            phone.get_by_role("button", name=thai("Mark as complete")).click()
        assert thai("You have completed this module.") in phone.content()

    # 5. ...and sees the cohort completed on "My learning".
    phone.goto("/th/me/")
    completed = phone.locator(f'.my-completed [data-cohort="{cohort.code}"]')
    assert completed.count() == 1
    assert thai("Completed") in completed.inner_text()
    save_screenshot(phone, "learner-journey-my-learning-phone")
    check_accessibility(phone)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    scanner.close()
