"""The admin draws Thai in its own Sarabun, on a machine with no Thai font of its own.

The test machine has none (Debian's chromium with DejaVu only): before the admin put Sarabun
first in its font stack, the log-in page's heading and the "remember me" label came out as empty
boxes in DejaVu Sans. The browser reports which font drew each element's text (Chrome DevTools'
CSS.getPlatformFontsForNode), and the font file must have been fetched from our static files.
"""

import re

THAI = re.compile(r"[\u0e00-\u0e7f]")


def _fonts_drawing(page, selector: str) -> set[str]:
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"] for font in fonts}


def test_the_admin_log_in_page_draws_its_thai_in_sarabun(thai_desktop_page):
    page = thai_desktop_page
    fetched = []
    page.on("response", lambda response: fetched.append((response.url, response.status)))
    page.goto("/admin/login/")
    page.evaluate("document.fonts.ready")
    for selector in ("h1", "label[for=id_username]", "label[for=id_password]", "main form button"):
        assert THAI.search(page.inner_text(selector)), f"{selector} has no Thai to draw"
        assert "Sarabun" in _fonts_drawing(page, selector), selector
    assert any(
        url.endswith("/static/fonts/sarabun/Sarabun-Bold.ttf") and status == 200
        for url, status in fetched
    )
