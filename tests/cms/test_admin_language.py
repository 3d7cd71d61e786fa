"""The Thai admin is in Thai: the page editor's block menu names its blocks in Thai."""

import json
import re

import pytest

from tests.factories import make_bilingual_home

pytestmark = pytest.mark.django_db


def test_the_thai_page_editor_names_every_body_block_in_thai(client, django_user_model):
    home, _english = make_bilingual_home()
    client.force_login(django_user_model.objects.create_superuser("editor", "e@opdc.go.th", "x"))
    html = client.get(f"/admin/pages/add/cms/standardpage/{home.pk}/").content.decode()
    # The block definitions are JSON in an attribute: Thai as \\u0e.. escapes, quotes as &quot;.
    labels = re.findall(r"label&quot;: &quot;(.*?)&quot;", html)
    labels = {json.loads(f'"{label}"') for label in labels}
    assert {"หัวข้อ", "วิดีโอ", "กล่องข้อความเด่น", "รายการตรวจสอบ", "คำถามชวนทบทวน"} <= labels
    english = {label for label in labels if re.fullmatch(r"[A-Za-z ]+", label)}
    assert not english


def test_the_thai_admin_says_how_long_ago_in_thai_and_labels_its_actions(client, django_user_model):
    import datetime

    import time_machine
    from django.utils import timezone

    home, _english = make_bilingual_home()
    client.force_login(django_user_model.objects.create_superuser("editor", "e@opdc.go.th", "x"))
    with time_machine.travel(datetime.timedelta(minutes=18)):
        html = client.get(f"/admin/pages/{home.get_parent().pk}/").content.decode()
    assert re.search(r"18\s+นาที\s+ที่ผ่านมา", html)
    assert "minutes" not in html
    # Its tooltip gives the date in the Buddhist era, as every other Thai screen.
    assert f"{timezone.localdate().year + 543}" in html.split("w-human-readable-date")[1]
    assert 'aria-label="Actions"' not in html
