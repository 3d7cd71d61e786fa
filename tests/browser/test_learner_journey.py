"""A learner's whole journey in real browsers: enrol on a phone, the trainer projects the QR
check-in, the learner opens the scanned link (logging in on the way) and is marked present,
then completes the modules and sees the cohort completed on "My learning".

Then the demo's learner journey, by clicking from the home page in Thai and in English: sign
up and enrol, the demo learner's certificate downloaded from "My learning", and that PDF checked
on the public verification page by its serial and by uploading it."""

import datetime
import hashlib
import io

import zxingcpp
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image
from wagtail.models import Locale

from accounts.models import User
from certificates.models import Certificate
from cms.models import CourseIndexPage
from courses.completion import complete_finished_cohorts
from courses.models import Attendance, Cohort, Enrollment
from tests.browser.conftest import (
    DEMO_PASSWORD,
    DESKTOP,
    PHONE,
    check_accessibility,
    log_in,
    save_screenshot,
)
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
    # /checkin/ has no language prefix: the page follows the language chosen, else the
    # account's (lms/locale.py), Thai here.
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
    check_accessibility(phone)
    attendance = Attendance.objects.get(enrollment=enrollment)
    assert attendance.status == Attendance.Status.PRESENT
    assert attendance.method == Attendance.Method.QR

    # 4. The learner works through the modules.
    for module in modules:
        phone.goto(module.url)
        with phone.expect_navigation():
            phone.get_by_role("button", name=thai("Mark as complete")).click()
        assert thai("You have completed this module.") in phone.content()

    # 5. "My learning" says the training completes when the cohort ends (its session is still
    # on); once it is over, the beat's completion run completes them...
    phone.goto("/th/me/")
    assert phone.locator(f'.my-completed [data-cohort="{cohort.code}"]').count() == 0
    assert "ท่านจะผ่านการอบรมเมื่อรุ่นนี้จบ" in phone.locator("main").inner_text()
    check_accessibility(phone)
    assert complete_finished_cohorts(now=session.ends_at + datetime.timedelta(minutes=1)) == 1

    # ...and they see the cohort completed on "My learning".
    phone.goto("/th/me/")
    completed = phone.locator(f'.my-completed [data-cohort="{cohort.code}"]')
    assert completed.count() == 1
    assert thai("Completed") in completed.inner_text()
    save_screenshot(phone, "learner-journey-my-learning-phone")
    check_accessibility(phone)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    scanner.close()


# The demo, walked as the site offers it: a newcomer signs up and enrols, the demo learner (who
# completed a cohort) downloads their certificate from "My learning", and someone who was handed
# the PDF checks it on the public verification page. Once in Thai, once in English.


def _translated(message: str, language: str) -> str:
    with translation.override(language):
        return gettext(message)


def _open_menu(page) -> None:
    """On a phone the header's links fold behind the "Menu" button."""
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def _sign_up_and_enrol(page, language: str, cohort) -> None:
    t = lambda message: _translated(message, language)  # noqa: E731
    page.goto(f"/{language}/")
    check_accessibility(page)
    _open_menu(page)
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name=t("Sign up")).click()
    assert page.url.endswith(f"/{language}/accounts/signup/")
    check_accessibility(page)
    email = f"malee.{language}@dga.example.go.th"
    page.fill("#id_email", email)
    page.select_option("#id_title_th", "นาง")
    page.fill("#id_first_name_th", "มาลี")
    page.fill("#id_last_name_th", "ใจงาม")
    page.select_option("#id_title_en", "Mrs")
    page.fill("#id_first_name", "Malee")
    page.fill("#id_last_name", "Jaingam")
    # Her agency is not in the list: she types it.
    page.fill("#id_agency_other", "สำนักงานพัฒนารัฐบาลดิจิทัล")
    page.select_option("#id_preferred_language", language)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_accept_privacy_notice")
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name=t("Create account")).click()
    assert t("Welcome to Gov Lab! Your account is ready.") in page.locator(".messages").inner_text()
    newcomer = User.objects.get(email=email)
    check_accessibility(page)

    # The catalogue, from the main menu; the course whose cohort is open.
    course = cohort.course.get_translation(Locale.objects.get(language_code=language))
    _open_menu(page)
    catalogue = CourseIndexPage.objects.get(locale__language_code=language)
    with page.expect_navigation():
        page.locator(f'.main-nav a[href="{catalogue.url}"]').click()
    check_accessibility(page)
    with page.expect_navigation():
        page.locator("ul.cards .card h2").get_by_role("link", name=course.title).click()
    assert page.locator("h1").inner_text() == course.title
    check_accessibility(page)
    with translation.override(language):
        cohort_title = cohort.display_title  # the English title on the English site
    article = page.locator("section.cohorts article.cohort").filter(has_text=cohort_title)
    with page.expect_navigation():
        article.get_by_role("button", name=t("Enrol")).click()
    enrollment = Enrollment.objects.get(learner=newcomer, cohort=cohort)
    assert enrollment.status == Enrollment.Status.ENROLLED
    article = page.locator("section.cohorts article.cohort").filter(has_text=cohort_title)
    assert t("You are enrolled.") in article.inner_text()
    save_screenshot(page, f"learner-journey-{language}-1-enrolled")
    check_accessibility(page)


def _download_the_certificate(page, language: str, certificate) -> bytes:
    t = lambda message: _translated(message, language)  # noqa: E731
    page.goto(f"/{language}/")
    _open_menu(page)
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name=t("Log in")).click()
    check_accessibility(page)
    page.fill("#id_username", "learner")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    _open_menu(page)
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name=t("My learning")).click()
    assert page.url.endswith(f"/{language}/me/")
    check_accessibility(page)
    listed = page.locator(".my-certificates li.certificate").filter(has_text=certificate.serial)
    with page.expect_download() as download:
        listed.get_by_role("link", name=t("Download PDF")).click()
    assert download.value.suggested_filename == f"{certificate.serial}.pdf"
    with open(download.value.path(), "rb") as downloaded:  # noqa: PTH123 - Playwright's file
        pdf = downloaded.read()
    assert pdf.startswith(b"%PDF-")
    assert certificate.matches_digest(hashlib.sha256(pdf).hexdigest())
    # The certificate's own verification page is one click away.
    with page.expect_navigation():
        listed.get_by_role("link", name=t("Verification page")).click()
    assert page.url.endswith(f"/verify/{certificate.serial}/")
    assert "This certificate is genuine and valid." in page.locator(".verdict").inner_text()
    check_accessibility(page)
    return pdf


def _verify(page, language: str, certificate, pdf: bytes, tmp_path) -> None:
    """Someone handed the PDF opens the address printed on it, types the serial and uploads it."""
    page.goto("/verify/")
    assert page.locator("html").get_attribute("lang") == language
    check_accessibility(page)
    page.locator("main form input[name=serial]").fill(certificate.serial)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith(f"/verify/{certificate.serial}/")
    assert "เกียรติบัตรนี้ออกโดยระบบและมีผลใช้ได้" in page.locator(".verdict").inner_text()
    assert certificate.holder_name_th in page.locator(".certificate-facts").inner_text()
    check_accessibility(page)
    upload = tmp_path / f"{certificate.serial}.pdf"
    upload.write_bytes(pdf)
    form = page.locator(".check-file form")
    form.locator("input[type=file]").set_input_files(upload)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    verdict = page.locator("#file-result").inner_text()
    assert "ไฟล์ตรงกับเกียรติบัตรที่ออกทุกประการ และเกียรติบัตรยังมีผลใช้ได้" in verdict
    assert "MATCH: this file is exactly the certificate that was issued" in verdict
    assert "NO MATCH" not in verdict
    save_screenshot(page, f"learner-journey-{language}-2-file-matches")
    check_accessibility(page)


def test_a_newcomer_signs_up_and_enrols_and_the_learners_certificate_verifies(
    demo_data, browser, live_server, tmp_path
):
    cohort = max(Cohort.objects.open_for_enrollment(), key=lambda cohort: cohort.seats_left)
    certificate = Certificate.objects.valid().get(enrollment__learner__username="learner")
    for language, locale in (("th", "th-TH"), ("en", "en-GB")):
        newcomer = browser.new_context(base_url=live_server.url, locale=locale, **PHONE)
        learner = browser.new_context(base_url=live_server.url, locale=locale, **DESKTOP)
        verifier = browser.new_context(base_url=live_server.url, locale=locale, **DESKTOP)
        try:
            _sign_up_and_enrol(newcomer.new_page(), language, cohort)
            pdf = _download_the_certificate(learner.new_page(), language, certificate)
            _verify(verifier.new_page(), language, certificate, pdf, tmp_path)
        finally:
            for context in (newcomer, learner, verifier):
                context.close()
