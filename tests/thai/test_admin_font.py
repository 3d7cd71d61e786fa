"""The admin carries its own Thai font, so Thai never shows as boxes on a machine without one."""

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_opdc_staff

pytestmark = pytest.mark.django_db


def test_every_admin_page_loads_the_thai_font_for_thai_characters(client):
    client.force_login(make_opdc_staff())
    html = client.get("/admin/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/admin-thai.css">' in html
    css = open(finders.find("css/admin-thai.css"), encoding="utf-8").read()
    assert "unicode-range: U+0E00-0E7F" in css
    assert '"Sarabun Thai"' in css.split("--w-font-sans:")[1]
    # The font files it names are served from our own static files (the CSP allows no other).
    assert finders.find("fonts/sarabun/Sarabun-Regular.ttf")
