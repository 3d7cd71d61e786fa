"""The demo OPDC officer's round in the admin, in Thai, by clicking from the admin home: approve
a page a trainer submitted, open the OPDC dashboard from the admin menu, narrow it to one theme
and download its figures as an XLSX workbook."""

import io

import openpyxl
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from cms.models import HomePage, Theme
from cms.pages import StandardPage
from tests.browser.conftest import check_accessibility, log_in_to_admin, save_screenshot
from tracker.dashboard.exports import sheet_name
from tracker.dashboard.queries import Filters, dashboard_figures

TITLE = "ประกาศรับสมัครผู้เข้าอบรมรุ่นใหม่"


def thai(message: str) -> str:
    with translation.override("th"):
        return gettext(message)


def _submit_a_draft_as_the_trainer() -> StandardPage:
    """The demo has no page waiting for review: the trainer writes one and submits it."""
    trainer = User.objects.get(username="trainer")
    home = HomePage.objects.get(locale__language_code="th")
    draft = StandardPage(title=TITLE, slug="new-intake", live=False)
    home.add_child(instance=draft)
    draft.save_revision(user=trainer)
    draft.get_workflow().start(draft, trainer)
    return draft


def _theme_with_most_prototypes() -> Theme:
    """A filter that changes the figures, whatever the demo's content."""
    return Theme.objects.annotate(prototypes=Count("case_studies")).order_by("-prototypes")[0]


def test_the_opdc_officer_approves_a_page_and_downloads_the_filtered_figures(
    demo_data, thai_desktop_page
):
    draft = _submit_a_draft_as_the_trainer()
    page = thai_desktop_page

    # 1. The admin home lists the page waiting for OPDC's review; approve it from there.
    log_in_to_admin(page, "opdc")
    check_accessibility(page)
    waiting = page.locator("#awaiting-review-section tbody tr").filter(has_text=TITLE)
    assert waiting.count() == 1
    save_screenshot(page, "opdc-journey-1-awaiting-review")
    waiting.get_by_role("button", name=thai("Actions")).click()
    with page.expect_navigation():
        waiting.get_by_role("button", name=thai("Approve"), exact=True).click()
    draft.refresh_from_db()
    assert draft.live
    assert draft.current_workflow_state is None
    assert page.locator("#awaiting-review-section").filter(has_text=TITLE).count() == 0
    check_accessibility(page)

    # 2. The dashboard, from the admin menu.
    with page.expect_navigation():
        page.locator("nav.sidebar-main-menu").get_by_role(
            "link", name=thai("OPDC dashboard")
        ).click()
    assert page.url.endswith("/admin/opdc-dashboard/")
    check_accessibility(page)

    # 3. One theme only.
    theme = _theme_with_most_prototypes()
    page.get_by_label(thai("Theme")).select_option(theme.slug)
    with page.expect_navigation():
        page.locator(".dashboard-filters").get_by_role("button", name=thai("Show")).click()
    assert f"theme={theme.slug}" in page.url
    save_screenshot(page, "opdc-journey-2-dashboard-theme")
    check_accessibility(page)

    # 4. Everything as XLSX, with the filter.
    with page.expect_download() as download:
        page.get_by_role("link", name=thai("Download everything (XLSX)")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    data = open(download.value.path(), "rb").read()  # noqa: SIM115, PTH123 - Playwright's file
    assert data[:2] == b"PK"  # a ZIP container, as every XLSX workbook
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    with translation.override("th"):
        figures = dashboard_figures(Filters(theme=theme.slug))
        about = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
        assert about[gettext("Theme")] == theme.name
        taken: set[str] = set()
        expected = [sheet_name(gettext("About this export"), taken)] + [
            sheet_name(figure.sheet_title, taken) for figure in figures
        ]
    assert workbook.sheetnames == expected
    for sheet, figure in zip(workbook.worksheets[1:], figures, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == figure.title
        assert list(rows[1]) == list(figure.columns)
        assert [list(row) for row in rows[2:]] == [
            [float(value) if hasattr(value, "as_tuple") else value for value in row]
            for row in figure.rows
        ]
