"""The page editor's title, in its large type, keeps Thai tone marks whole.

Thai stacks a vowel and a tone mark above a consonant (ที่, ด้): at Wagtail's line height for the
title (1.3) the marks stood above the line box and the input cut them off, so "ที่ดิน" read as
"ทีดิน" while the editor typed it. The browser measures the text's real ink (canvas
measureText, in the field's own font) against its line box.
"""

from tests.browser.conftest import log_in_to_admin
from tests.factories import make_course, make_user

PASSWORD = "correct horse battery staple"  # noqa: S105 - tests/factories.py
TITLE = "ออกแบบบริการด้านที่ดินใหม่"

# Where the text's ink starts below the top of the line box: a text input shows its text inside
# its content box (its padding is no room for ink) and the line box puts the font's ascent and
# descent in the middle of the line height; Thai marks rise above the font's ascent.
_INK_BELOW_THE_TOP = """field => {
    const style = getComputedStyle(field);
    const context = document.createElement("canvas").getContext("2d");
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const ink = context.measureText(field.value);
    const line = parseFloat(style.lineHeight);
    const halfLeading = (line - ink.fontBoundingBoxAscent - ink.fontBoundingBoxDescent) / 2;
    const inkTop = halfLeading + ink.fontBoundingBoxAscent - ink.actualBoundingBoxAscent;
    return {inkTop: inkTop, line: line, fontSize: style.fontSize};
}"""


def test_the_title_field_has_room_for_stacked_thai_marks(browser, live_server):
    editor = make_user(
        role=None, username="editor", password=PASSWORD, is_superuser=True, is_staff=True
    )
    course = make_course(title=TITLE)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        log_in_to_admin(page, editor.username, PASSWORD)
        page.goto(f"/admin/pages/{course.pk}/edit/")
        page.evaluate("document.fonts.ready")
        assert page.url.endswith("/edit/"), page.url
        field = page.locator("textarea[name=title], input[name=title]").first
        assert field.input_value() == TITLE
        measured = field.evaluate(_INK_BELOW_THE_TOP)
    finally:
        context.close()
    assert measured["inkTop"] >= 0, f"tone marks cut off: {measured}"
