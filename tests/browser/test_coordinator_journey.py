"""The agency coordinator's journey on the demo data, in Thai and English, on a phone: from
My learning to their agency's staff, then one person's training; nothing of another agency."""

import pytest

from accounts.models import User
from tests.browser.conftest import check_accessibility, log_in, save_screenshot


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_coordinator_clicks_from_my_learning_to_a_persons_training(
    phone_page, demo_data, language
):
    page = phone_page
    log_in(page, "coordinator", demo_data, language=language)
    page.goto(f"/{language}/me/")

    with page.expect_navigation():
        page.locator("main a[href$='/my-agency/']").click()

    heading = page.locator("h1").inner_text()
    assert (
        "หน่วยงานของฉัน: กรมที่ดิน" if language == "th" else "My agency: Department of Lands"
    ) in heading
    rows = page.locator("table.staff tbody tr")
    assert rows.count() >= 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    save_screenshot(page, f"coordinator-staff-{language}")
    check_accessibility(page)

    with page.expect_navigation():
        rows.first.locator("th a").click()
    assert page.locator("h2").first.inner_text() in ("การอบรม", "Training")
    save_screenshot(page, f"coordinator-person-{language}")
    check_accessibility(page)


def test_a_coordinator_of_another_agency_cannot_open_a_lands_person(phone_page, demo_data):
    page = phone_page
    lands_person = User.objects.filter(agency__name_en="Department of Lands").first()
    log_in(page, "coordinator2", demo_data)

    response = page.goto(f"/th/my-agency/people/{lands_person.pk}/")

    assert response.status == 404
    page.goto("/th/my-agency/")
    assert "กรมชลประทาน" in page.locator("h1").inner_text()


def test_a_coordinator_nominates_a_colleague_who_accepts_on_my_learning(phone_page, demo_data):
    from agencies.models import Nomination
    from courses.models import Cohort, Enrollment

    page = phone_page
    cohort = Cohort.objects.get(
        course__slug="redesigning-land-services", course__locale__language_code="th"
    )
    learner = User.objects.get(username="learner")
    log_in(page, "coordinator", demo_data)
    page.goto("/th/my-agency/")

    with page.expect_navigation():
        page.locator("main a[href*='/my-agency/nominate/']").click()
    with page.expect_navigation():
        page.locator(f"main a[href*='cohort={cohort.code}']").click()
    page.locator(f"input[name=person][value='{learner.pk}']").check()
    save_screenshot(page, "coordinator-nominate-th")
    check_accessibility(page)
    with page.expect_navigation():
        page.get_by_role("button", name="เสนอชื่อ", exact=True).click()

    row = page.locator(f"tr[data-nomination] >> text={learner.full_name_th}").first
    assert row.count() == 1
    save_screenshot(page, "coordinator-nominations-th")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_accessibility(page)
    nomination = Nomination.objects.get(cohort=cohort, nominee=learner)

    page.context.clear_cookies()
    log_in(page, "learner", demo_data)
    page.goto("/th/me/")
    article = page.locator(f"article[data-nomination='{nomination.code}']")
    assert "กรมที่ดิน" in article.inner_text()
    save_screenshot(page, "learner-nomination-th")
    check_accessibility(page)
    with page.expect_navigation():
        article.get_by_role("button", name="ตอบรับ").click()

    assert "ท่านตอบรับการเสนอชื่อ" in page.locator(".messages").inner_text()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ACCEPTED
    assert Enrollment.objects.get(cohort=cohort, learner=learner).status == "enrolled"


def test_the_nominations_table_fits_a_laptop_screen_with_its_reasons_whole(desktop_page, demo_data):
    page = desktop_page
    log_in(page, "coordinator", demo_data)
    page.goto("/th/my-agency/nominations/")

    box = page.locator(".table-scroll")
    table = box.locator("table.nominations")
    assert table.evaluate("t => t.scrollWidth") <= box.evaluate("b => b.clientWidth")
    withdraw = page.get_by_role("link", name="ถอนการเสนอชื่อ…").first
    assert withdraw.bounding_box()["x"] + withdraw.bounding_box()["width"] <= 1366
    reason = page.get_by_text("ติดภารกิจสำรวจรังวัดที่ดินต่างจังหวัดตลอดเดือน")
    assert reason.is_visible()
    reason_box, cell_box = reason.bounding_box(), reason.locator("xpath=..").bounding_box()
    assert reason_box["x"] + reason_box["width"] <= cell_box["x"] + cell_box["width"]
    save_screenshot(page, "coordinator-nominations-desktop-th")
    check_accessibility(page)
