"""Page addresses from Thai titles keep their vowels and tone marks (Thai combining marks are
Unicode category Mn, which Django's and Wagtail's slug rules drop or refuse)."""

from urllib.parse import unquote

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms import slugs
from cms.models import StandardPage
from tests.factories import make_bilingual_home, make_user

pytestmark = pytest.mark.django_db

TITLE = "การสื่อสารเพื่อการเปลี่ยนแปลง"
SLUG = "การสื่อสารเพื่อการเปลี่ยนแปลง"


def test_slugify_keeps_thai_vowels_and_tone_marks():
    assert slugs.slugify("การสื่อสาร เพื่อการเปลี่ยนแปลง!") == "การสื่อสาร-เพื่อการเปลี่ยนแปลง"
    assert slugs.slugify("  Design  Thinking: ใช้ AI ในภาครัฐ ") == "design-thinking-ใช้-ai-ในภาครัฐ"


def _add_page(client, parent, title: str, slug: str):
    form = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    return client.post(
        f"/admin/pages/add/cms/standardpage/{parent.pk}/", {**form, "action-publish": "publish"}
    )


@pytest.fixture
def editor(client):
    client.force_login(make_user(role=None, is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("typed_slug", [SLUG, ""], ids=["typed", "left-empty"])
def test_a_page_added_in_the_admin_keeps_the_marks_and_is_served_at_its_address(editor, typed_slug):
    home, _english_home = make_bilingual_home()

    response = _add_page(editor, home, TITLE, typed_slug)

    assert response.status_code == 302, response.context["form"].errors
    page = StandardPage.objects.get(title=TITLE)
    assert page.slug == SLUG
    assert unquote(page.url) == f"/th/{SLUG}/"
    assert editor.get(page.url).status_code == 200


def test_the_english_translation_is_served_at_its_own_address(editor):
    home, english_home = make_bilingual_home()
    assert _add_page(editor, home, TITLE, "").status_code == 302
    thai = StandardPage.objects.get(title=TITLE)
    english = thai.copy_for_translation(english_home.locale, copy_parents=False)
    english.title = "Communicating for change"
    english.save_revision().publish()

    assert unquote(english.url) == f"/en/{SLUG}/"
    response = editor.get(english.url)
    assert response.status_code == 200
    assert "Communicating for change" in response.content.decode()


def test_the_editors_slug_field_keeps_the_marks_in_the_browser_too(editor):
    """The admin's slug field is Wagtail's w-slug controller; its own slugify/urlify drop marks,
    so the field is configured to use its `format` action with our rules (checked in a real
    browser by tests/browser/test_admin_slugs.py)."""
    home, _english_home = make_bilingual_home()

    html = editor.get(f"/admin/pages/add/cms/standardpage/{home.pk}/").content.decode()

    assert "w-sync:apply-&gt;w-slug#format:prevent" in html or (
        "w-sync:apply->w-slug#format:prevent" in html
    )
    assert "w-slug#urlify" not in html


def test_a_slug_with_something_else_than_letters_marks_digits_or_hyphens_is_refused(editor):
    home, _english_home = make_bilingual_home()

    response = _add_page(editor, home, TITLE, "การสื่อสาร/เพื่อ")

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert not Page.objects.filter(title=TITLE).exists()
