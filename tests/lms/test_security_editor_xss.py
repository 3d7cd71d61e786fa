"""A Trainer's rich text and StreamField text cannot run script in an OPDC staff member's
browser: not on the public page, not in the preview, not in the revision compare view.

The attack posts Draftail's content format directly (as a tampered browser would), with a
javascript: link, markup typed as text, and a tampered heading level.
"""

import json
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts.models import Role
from cms.models import StandardPage
from tests.factories import make_home, make_trainer, make_user

pytestmark = pytest.mark.django_db

PAYLOAD_TEXT = '<script>alert("t")</script> click <img src=x onerror=alert("i")> here'


def _contentstate(url: str) -> str:
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": PAYLOAD_TEXT,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 38, "length": 5, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


def _form(title: str, url: str = "javascript:alert(document.cookie)", level: str = "h2"):
    return nested_form_data(
        {
            "title": title,
            "slug": "attack",
            "body": streamfield(
                [
                    ("paragraph", _contentstate(url)),
                    ("heading", {"text": "<script>alert('h')</script>", "level": level}),
                    ("reflection", {"question": "<img src=x onerror=alert('q')>", "hint": ""}),
                    ("callout", {"kind": "info", "text": _contentstate("  JaVaScRiPt:alert(1)")}),
                ]
            ),
            "comments": inline_formset([]),
        }
    )


class _Runnable(HTMLParser):
    """What a browser would run: script elements, on* attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not dict(attrs).get("src"):
            self.found.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                if "".join(value.split()).lower().startswith(("javascript:", "data:text")):
                    self.found.append(f"<{tag} {name}={value!r}>")


def _assert_inert(html: str) -> None:
    parser = _Runnable()
    parser.feed(html)
    assert parser.found == []


@pytest.fixture
def trainer(client):
    home = make_home()
    trainers = Group.objects.get(name=Role.TRAINERS)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=trainers,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    person = make_trainer()
    client.force_login(person)
    return home


def _attack(client, home) -> StandardPage:
    response = client.post(
        f"/admin/pages/add/cms/standardpage/{home.pk}/",
        {**_form("หน้าทดสอบ"), "action-publish": "publish"},
    )
    assert response.status_code == 302, (
        response.context["form"].errors,
        [f.errors for f in response.context["form"].formsets.values()],
    )
    return StandardPage.objects.get(slug="attack")


def test_nothing_runnable_is_stored_or_served_on_the_public_page(client, trainer):
    page = _attack(client, trainer)

    stored = json.dumps(list(page.body.raw_data), ensure_ascii=False)
    assert "javascript:" not in stored.lower()
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    _assert_inert(response.content.decode())
    # The text survived as text (escaped), so the test is looking at the right content.
    assert "&lt;script&gt;alert" in response.content.decode()


def test_nothing_runnable_appears_in_the_preview(client, trainer):
    page = _attack(client, trainer)
    staff = make_user(role=None, is_superuser=True, is_staff=True)
    client.force_login(staff)
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    form = {**_form("หน้าทดสอบ ฉบับร่าง"), "slug": "attack"}

    assert client.post(preview_url, form).json()["is_valid"]
    response = client.get(preview_url)

    assert response.status_code == 200
    assert "&lt;script&gt;alert" in response.content.decode()
    _assert_inert(response.content.decode())


def test_nothing_runnable_appears_in_the_revision_compare_view(client, trainer):
    page = _attack(client, trainer)
    first = page.latest_revision
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        {**_form("หน้าทดสอบ 2", url="https://www.opdc.go.th/"), "action-publish": "publish"},
    )
    page.refresh_from_db()
    second = page.latest_revision
    assert first.pk != second.pk
    client.force_login(make_user(role=None, is_superuser=True, is_staff=True))

    response = client.get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/")

    assert response.status_code == 200
    assert "&lt;script&gt;" in response.content.decode()
    html = response.content.decode()
    # The admin page has Wagtail's own inline scripts; the diff itself must add none.
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html.lower()
    diff = html[html.index("&lt;script&gt;") - 2000 : html.rindex("&lt;script&gt;") + 2000]
    _assert_inert(diff.split(">", 1)[1])


def test_a_tampered_heading_level_is_refused(client, trainer):
    response = client.post(
        f"/admin/pages/add/cms/standardpage/{trainer.pk}/",
        {**_form("หน้าทดสอบ", level="h2 onmouseover=alert(1)"), "action-publish": "publish"},
    )

    assert response.status_code == 200  # the form again, with the error
    assert not StandardPage.objects.filter(slug="attack").exists()


@pytest.mark.parametrize(
    "html",
    [
        "<p><script>alert(1)</script></p>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" JavaScript:alert(1)">x</a>',
    ],
)
def test_the_checker_catches_what_it_looks_for(html):
    with pytest.raises(AssertionError):
        _assert_inert(html)
