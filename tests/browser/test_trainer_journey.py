"""The demo trainer's day in the admin, in Thai, by clicking from the admin home: today's session
of a running cohort, its QR projector screen, the attendance sheet (a learner marked present), then
the certificates of the cohort that completed two months ago and the batch's progress page.

The batch runs on a real Celery worker process (tests/celery_worker.py, as the certificates'
worker tests do), started once the progress page shows the batch waiting: the page follows it
to the end by polling, without reloading."""

import io

import pytest
import zxingcpp
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import Attendance, Cohort, Enrollment, Session
from tests.browser.conftest import check_accessibility, log_in_to_admin, save_screenshot
from tests.celery_worker import (
    embedded_broker_url,
    publishing_to,
    start_worker,
    stop_worker,
    worker_environment,
)


def thai(message: str) -> str:
    with translation.override("th"):
        return gettext(message)


def _scan_qr(page) -> str:
    """What a phone camera reads from the projected QR code."""
    png = page.locator(".checkin-qr").screenshot()
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return barcode.text


def _log_tail(directory) -> str:
    return "\n".join(path.read_text()[-3000:] for path in directory.glob("*.log"))


def _todays_session() -> Session:
    """The running demo cohort's session of today (it spans the whole day)."""
    now = timezone.now()
    return Session.objects.select_related("cohort").get(
        cohort__trainers__username="trainer", starts_at__lte=now, ends_at__gte=now
    )


def test_the_trainer_takes_attendance_and_issues_a_completed_cohorts_certificates(
    demo_data, thai_desktop_page, tmp_path
):
    session = _todays_session()
    cohort = session.cohort
    learner = (
        Enrollment.objects.filter(cohort=cohort, status=Enrollment.Status.ENROLLED)
        .exclude(attendances__session=session)
        .select_related("learner")
        .order_by("learner__username")
        .first()
    )
    # The cohort that finished two months ago: three of its learners completed after the last
    # run of its certificates (the demo certified everyone; their certificates are taken away).
    completed = Cohort.objects.get(
        trainers__username="trainer",
        enrollments__learner__username="learner",
        enrollments__status=Enrollment.Status.COMPLETED,
    )
    missing = list(
        Enrollment.objects.filter(cohort=completed, status=Enrollment.Status.COMPLETED)
        .exclude(learner__username="learner")
        .order_by("learner__username")[:3]
    )
    Certificate.objects.filter(enrollment__in=missing).delete()
    page = thai_desktop_page

    # 1. The admin's log-in, then its home page.
    page.goto("/admin/login/")
    check_accessibility(page)
    log_in_to_admin(page, "trainer")
    assert page.locator("html").get_attribute("lang") == "th"
    check_accessibility(page)

    # 2. "My cohorts" on the home page: the running cohort's sessions.
    my_cohorts = page.locator("#my-cohorts-section")
    row = my_cohorts.locator("tbody tr").filter(
        has=page.locator(f'a[href$="/cohorts/{cohort.code}/roster/"]')
    )
    with page.expect_navigation():
        row.get_by_role("link", name=thai("Sessions and attendance")).click()
    assert page.url.endswith(f"/cohorts/{cohort.code}/sessions/")
    save_screenshot(page, "trainer-journey-1-sessions")
    check_accessibility(page)

    # 3. The QR screen opens in a new tab, for the projector; a phone can read its code.
    session_row = page.locator("table.listing tbody tr").filter(has_text=session.title)
    session_row = session_row.filter(
        has=page.locator(f'a[href$="/sessions/{session.code}/attendance/"]')
    )
    with page.expect_popup() as popup:
        session_row.get_by_role("link", name=thai("QR check-in screen")).click()
    screen = popup.value
    screen.wait_for_load_state()
    assert screen.url.endswith(f"/checkin/sessions/{session.code}/screen/")
    assert screen.locator("html").get_attribute("lang") == "th"
    # On a 1280×800 projector: a QR as large as the screen allows, fully in view, a code
    # readable from the back of the room, and no site menu.
    screen.set_viewport_size({"width": 1280, "height": 800})
    qr = screen.locator(".checkin-qr svg").bounding_box()
    assert qr["width"] >= 0.6 * 800 - 1 and qr["height"] >= 0.6 * 800 - 1
    assert qr["y"] + qr["height"] <= 800
    code = screen.locator(".checkin-code")
    assert float(code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 64
    assert code.bounding_box()["y"] + code.bounding_box()["height"] <= 800
    expect(screen.locator(".checkin-address")).to_be_visible()
    expect(screen.locator(".main-nav")).to_have_count(0)
    assert "/checkin/" in _scan_qr(screen)
    save_screenshot(screen, "trainer-journey-2-qr-screen")
    check_accessibility(screen)
    screen.close()

    # 4. The attendance sheet: tick a learner, mark them present.
    with page.expect_navigation():
        session_row.get_by_role("link", name=thai("Attendance sheet")).click()
    assert page.url.endswith(f"/sessions/{session.code}/attendance/")
    check_accessibility(page)
    page.locator(f"#enrollment-{learner.pk}").check()
    with page.expect_navigation():
        page.get_by_role("button", name=thai("Present"), exact=True).click()
    attendance = Attendance.objects.get(enrollment=learner, session=session)
    assert attendance.status == Attendance.Status.PRESENT
    assert attendance.method == Attendance.Method.TRAINER
    marked_row = page.locator("tbody tr").filter(has=page.locator(f"#enrollment-{learner.pk}"))
    assert thai("Present") in marked_row.inner_text()
    save_screenshot(page, "trainer-journey-3-attendance")
    check_accessibility(page)

    # 5. Back to the admin home; the finished cohort is under "all my cohorts".
    with page.expect_navigation():
        page.locator("a.sidebar-wagtail-branding").click()
    with page.expect_navigation():
        page.get_by_role("link", name=thai("All my cohorts, past ones included")).click()
    check_accessibility(page)
    completed_row = page.locator("tbody tr").filter(has_text=completed.code)
    with page.expect_navigation():
        completed_row.get_by_role("link", name=thai("Issue certificates")).click()
    assert page.url.endswith(f"/certificates/cohort/{completed.pk}/issue/")
    certified = Certificate.objects.valid().filter(enrollment__cohort=completed).count()
    total = completed.enrollments.filter(status=Enrollment.Status.COMPLETED).count()
    with translation.override("th"):
        summary = translation.gettext(
            "%(completed)s learners completed this cohort; %(already)s already have a valid "
            "certificate. Running this again never issues a duplicate."
        ) % {"completed": total, "already": certified}
    assert summary in page.locator("main").inner_text()
    save_screenshot(page, "trainer-journey-4-issue")
    check_accessibility(page)

    # 6. Issue, with a real Celery worker (the test settings otherwise run tasks within the
    # request): the progress page says the batch is running, then follows it without a reload.
    broker_url = embedded_broker_url(tmp_path)
    with publishing_to(broker_url):
        with page.expect_navigation():
            page.locator("main form").get_by_role("button", name=thai("Issue certificates")).click()
        assert "/certificates/batch/" in page.url
        assert page.locator("#batch-state").inner_text() == thai("Still running.")
        assert page.locator("#batch-status").get_attribute("data-running") is not None
        assert not page.locator("#batch-refresh").is_visible()  # the script polls instead
        save_screenshot(page, "trainer-journey-5-batch-running")
        check_accessibility(page)
        page.evaluate("window.sameDocument = true")
        environment = worker_environment(broker_url, MEDIA_ROOT=str(settings.MEDIA_ROOT))
        worker = start_worker(environment, log=tmp_path / "worker.log")
        try:
            expect(page.locator("#batch-state")).to_have_text(
                thai("Finished: every certificate was issued."), timeout=120_000
            )
        except AssertionError:
            pytest.fail(f"the batch page never finished\n{_log_tail(tmp_path)}")
        finally:
            stop_worker(worker)
    assert page.evaluate("window.sameDocument") is True
    with translation.override("th"):
        # The batch issues what was missing; the others already had theirs.
        issued = translation.gettext("Issued %(done)s of %(total)s; %(failed)s failed.") % {
            "done": total - certified,
            "total": total - certified,
            "failed": 0,
        }
    assert page.locator("#batch-progress").inner_text() == issued
    assert page.locator("#batch-bar").evaluate("bar => bar.value") == total - certified
    save_screenshot(page, "trainer-journey-6-batch-finished")
    check_accessibility(page)
    for enrollment in missing:
        assert Certificate.objects.valid().filter(enrollment=enrollment).count() == 1
    assert Certificate.objects.valid().filter(enrollment__cohort=completed).count() == total
