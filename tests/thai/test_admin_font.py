"""The admin carries its own Thai font, so Thai never shows as boxes on a machine without one
(tests/browser/test_admin_font.py checks what the browser draws)."""

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_course, make_opdc_staff

pytestmark = pytest.mark.django_db
STYLESHEET = '<link rel="stylesheet" href="/static/css/admin-thai.css">'


def test_every_admin_page_loads_the_thai_font_for_thai_characters(client, django_user_model):
    # The log-in page too: a person meets it before any other admin screen.
    assert STYLESHEET in client.get("/admin/login/").content.decode()
    course = make_course()
    client.force_login(make_opdc_staff())
    assert STYLESHEET in client.get("/admin/").content.decode()
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    assert STYLESHEET in client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    css = open(finders.find("css/admin-thai.css"), encoding="utf-8").read()
    assert "unicode-range: U+0E00-0E7F" in css
    # First in the stack: Chromium on Linux drew Thai as boxes in system-ui when it came later.
    assert css.split("--w-font-sans:")[1].strip().startswith('"Sarabun Thai"')
    # The font files it names are served from our own static files (the CSP allows no other).
    assert finders.find("fonts/sarabun/Sarabun-Regular.ttf")
