"""The Thai admin reads as Thai: the log-in page, the admin home and the page editor, and the
sidebar and editor strings that Wagtail's JavaScript translates (issue #14).

Wagtail's own Thai catalogues translate part of its strings, some with alternatives left in one
string ("ลบ,ลบทิ้ง"), misspellings (เซฟ, เว็บไซด์) and the informal คุณ; locale-admin/ corrects
them. These tests read what the admin actually shows (gettext over every catalogue), so a
Wagtail upgrade that brings the old wording back fails here.
"""

import gettext
import json
import re
from pathlib import Path

import pytest
import wagtail
from django.utils import translation

from tests.factories import make_course
from tests.lms.test_terminology import PRONOUN

pytestmark = pytest.mark.django_db

WAGTAIL = Path(wagtail.__file__).parent
# A word with an alternative after a comma, as a translator's note left in the string.
ALTERNATIVES = re.compile(r"[\u0e00-\u0e7f] ?, ?[\u0e00-\u0e7f]")
# "ไม่ %(model_name)s สามารถถูกสร้างได้…": the negation put before the subject, word for word.
NEGATION_FIRST = re.compile(r"ไม่ ?%\(")
MISSPELLINGS = ("เซฟ", "เว็บไซด์", "ก๊อปปี้", "หลายหน้า", "หลายๆหน้า", "เผยพร่")
# "หน้า'เส้นทางของประชาชน...'ถูกส่งสำหรับตรวจแล้ว": a quoted title run into the Thai around it.
QUOTED_UNSPACED = re.compile(
    r"[\u0e00-\u0e7f]'?%\([a-z_]+\)s'?(?!\w)|%\([a-z_]+\)s'?[\u0e00-\u0e7f]"
)
# Publishing a page is เผยแพร่; ตีพิมพ์ and จัดพิมพ์ are printing.
PRINTING = ("ตีพิมพ์", "จัดพิมพ์", "ในการพิมพ์")


def _wagtail_thai_msgids() -> set[str]:
    msgids = set()
    for catalogue in WAGTAIL.glob("**/locale/th/LC_MESSAGES/django.mo"):
        with catalogue.open("rb") as file:
            for key in gettext.GNUTranslations(file)._catalog:
                if isinstance(key, str) and key and "\x04" not in key:
                    msgids.add(key)
    return msgids


def test_wagtails_thai_strings_as_the_admin_shows_them_are_formal_and_clean():
    msgids = _wagtail_thai_msgids()
    assert len(msgids) > 400  # the catalogues were read
    with translation.override("th"):
        shown = {msgid: translation.gettext(msgid) for msgid in msgids}
    wrong = {
        msgid: text
        for msgid, text in shown.items()
        if PRONOUN.search(text)
        or (ALTERNATIVES.search(text) and "," not in msgid)
        or any(word in text for word in MISSPELLINGS)
        or NEGATION_FIRST.match(text)
        or ("'%(" in msgid and QUOTED_UNSPACED.search(text))
        or any(word in text for word in PRINTING)
    }
    assert wrong == {}
    assert shown["Default"] == "ค่าเริ่มต้น"  # the display density, not "ต้นแบบ" (prototype)


def test_the_log_in_page_is_thai_with_the_password_label_translated(client):
    html = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "ลงชื่อเข้าใช้ระบบจัดการ Gov Lab LMS" in html
    assert "Wagtail" not in re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    label = re.search(r'<label[^>]*for="id_password"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "รหัสผ่าน" in label
    assert "Password" not in label


def _javascript_catalogue(client) -> dict:
    script = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))


def test_every_string_of_wagtails_javascript_has_its_thai(client):
    english = (WAGTAIL / "admin/locale/en/LC_MESSAGES/djangojs.po").read_text(encoding="utf-8")
    msgids = [msgid for msgid in re.findall(r'^msgid "(.+)"$', english, re.M)]
    assert len(msgids) > 80
    catalogue = _javascript_catalogue(client)
    assert [msgid for msgid in msgids if msgid not in catalogue] == []
    # The sidebar's badge on a menu with new items, read aloud by screen readers.
    assert (
        catalogue["(%(number)s new items in this menu)"] == "(มีรายการใหม่ %(number)s รายการในเมนูนี้)"
    )
    assert catalogue["This field is required."] == "จำเป็นต้องกรอกช่องนี้"  # not "ไฟล์" (file)


def test_the_page_editor_names_its_tabs_and_menu_in_thai(client, django_user_model):
    course = make_course()
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    html = client.get(f"/admin/pages/{course.pk}/edit/", HTTP_ACCEPT_LANGUAGE="th").content
    html = html.decode()
    # The Promote tab is the page's address and search settings, not the roster's waitlist.
    assert "ลิงก์และการค้นหา" in html
    assert "เลื่อนจากสำรอง" not in html
    assert "หลายหน้า" not in html  # the sidebar's "Pages"
    assert "e.g http" not in html  # the slug's help text, half English


def test_adding_a_thing_and_the_pagination_read_as_thai_is_spaced():
    with translation.override("th"):
        add = translation.gettext("Add %(model_name)s") % {"model_name": "การเปลี่ยนระยะ"}
        pages = translation.gettext("Page %(page_num)s of %(total_pages)s") % {
            "page_num": 1,
            "total_pages": 1,
        }
        pages_again = translation.gettext("Page %(page_number)s of %(num_pages)s.") % {
            "page_number": 1,
            "num_pages": 1,
        }
    # Thai writes no space between "add" and the thing added; "of" is จาก, spaced like "หน้า 1".
    assert add == "เพิ่มการเปลี่ยนระยะ"
    assert pages == pages_again == "หน้า 1 จาก 1"
