"""The trainer's roster with long Thai names on a narrow screen: Thai has no spaces between
words, so the browser must break lines only where a word ends (its dictionary line breaking),
never between two letters of a word."""

import datetime

from django.urls import reverse

from tests.browser.conftest import log_in_to_admin
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_learner, make_trainer

WIDTHS = (1366, 1024, 768, 700, 600, 480, 360)
DESKTOP = {"width": 1366, "height": 900}
PASSWORD = "correct horse battery staple"  # noqa: S105 - tests/factories.py
LONG_NAME = {"title_th": "นางสาว", "first_name_th": "ประภัสสร", "last_name_th": "ศรีสุวรรณวงศ์ตระกูล"}
LONG_EMAIL = (
    "prapatsorn.srisuwannawongtrakul.policy-division@department-of-provincial-administration.go.th"
)

# Where the lines of an element's text break, and where its words end (Intl.Segmenter, the
# same ICU dictionary the browser's line breaking uses): a break inside a word splits it.
_SPLIT_WORDS = """cell => {
    const text = (cell.querySelector("[lang=th]") || cell).firstChild;
    const range = document.createRange();
    const breaks = [];
    let top = null;
    for (let i = 0; i < text.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top !== null && rect.top > top + 1) breaks.push(i);
        top = rect.top;
    }
    const ends = new Set([0]);
    for (const word of new Intl.Segmenter("th", {granularity: "word"}).segment(text.data)) {
        ends.add(word.index + word.segment.length);
        ends.add(word.index);
    }
    return {lines: breaks.length + 1, split: breaks.filter(i => !ends.has(i))
        .map(i => text.data.slice(Math.max(0, i - 4), i) + "|" + text.data.slice(i, i + 4))};
}"""


def test_the_roster_breaks_thai_names_only_between_words(browser, live_server):
    trainer = make_trainer(password=PASSWORD)
    cohort = make_cohort(trainers=[trainer], start_date=days_from_now(7), end_date=days_from_now(8))
    learner = make_learner(email=LONG_EMAIL, **LONG_NAME)
    cohort.enrollments.create(
        learner=learner, status="enrolled", requested_at=datetime.datetime.now(datetime.UTC)
    )
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    measured = {}
    try:
        log_in_to_admin(page, trainer.username, PASSWORD)
        page.goto(reverse("courses_admin_roster", args=[cohort.code]))
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            name = page.locator("td", has_text=LONG_NAME["last_name_th"]).first
            table = page.locator("table", has_text=LONG_EMAIL).first.bounding_box()
            measured[width] = {
                **name.evaluate(_SPLIT_WORDS),
                "table_right": table["x"] + table["width"],
            }
    finally:
        context.close()

    assert any(lines["lines"] > 1 for lines in measured.values())  # the name had to wrap
    assert {width: m["split"] for width, m in measured.items() if m["split"]} == {}
    # The long e-mail address wraps inside its cell rather than pushing the roster past the edge
    # of a small tablet's screen (before the fix the table ran 52 px past a 700 px screen).
    assert measured[700]["table_right"] <= 700, measured
