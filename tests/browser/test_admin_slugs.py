"""The page editor's slug field in a real browser: a Thai title gives a slug with its vowels and
tone marks, and the page is saved and served with it (cms/slugs.py)."""

from urllib.parse import unquote

from playwright.sync_api import expect

from cms.models import StandardPage
from tests.factories import make_bilingual_home, make_user

TITLE = "การสื่อสาร เพื่อการเปลี่ยนแปลง: ใช้ AI!"
SLUG = "การสื่อสาร-เพื่อการเปลี่ยนแปลง-ใช้-ai"


def test_a_thai_title_gives_a_slug_that_keeps_its_marks_and_the_page_is_served(desktop_page):
    home, _english_home = make_bilingual_home()
    make_user(
        role=None, username="editor", password="editor-pass", is_superuser=True, is_staff=True
    )
    page = desktop_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "editor-pass")
    with page.expect_navigation():
        page.click("button[type=submit]")

    page.goto(f"/admin/pages/add/cms/standardpage/{home.pk}/")
    page.locator("#id_title").press_sequentially(TITLE)
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value(SLUG)  # after the sync's debounce

    page.locator("#tab-label-promote").click()
    # A slug typed by hand is cleaned the same way when the field loses focus.
    page.locator("#id_slug").fill("ทดสอบ ตัวอักษร ไทย")
    page.locator("#id_slug").blur()
    expect(page.locator("#id_slug")).to_have_value("ทดสอบ-ตัวอักษร-ไทย")

    page.locator("#id_slug").fill(SLUG)
    page.locator(".w-dropdown-button button:has(.w-sr-only)").first.click()
    with page.expect_navigation():
        page.locator("button[name='action-publish']").click()
    saved = StandardPage.objects.get(title=TITLE)
    assert saved.slug == SLUG
    page.goto(saved.url)
    assert unquote(page.url).endswith(f"/th/{SLUG}/")
    assert page.locator("h1").inner_text() == TITLE
