"""The admin's page search, page listing search and page chooser find Thai words inside titles
(Thai has no spaces between words), as the public search does."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from cms.models import CoursePage
from tests.factories import make_bilingual, make_course, make_course_index

LAND_TITLE = "ออกแบบบริการด้านที่ดินใหม่"
OTHER_TITLE = "ห้องปฏิบัติการนวัตกรรมภาครัฐ"


@pytest.fixture
def courses(db):
    land, land_en = make_bilingual(
        make_course,
        th={"title": LAND_TITLE, "slug": "land-services"},
        en={"title": "Redesigning land services"},
    )
    other = make_course(title=OTHER_TITLE, slug="gov-lab")
    return land, land_en, other


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@opdc.go.th", "pw")
    client.force_login(user)
    return user


def _titles(html: str) -> set[str]:
    return {
        title for title in (LAND_TITLE, OTHER_TITLE, "Redesigning land services") if title in html
    }


def test_the_page_search_finds_a_thai_word_inside_a_title(courses, editor, client):
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "ที่ดิน"})
    assert response.status_code == 200
    assert _titles(response.content.decode()) == {LAND_TITLE}


def test_the_page_search_finds_thai_words_typed_together_in_any_order(courses, editor, client):
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": "ที่ดินออกแบบ"}).content.decode()
    assert _titles(html) == {LAND_TITLE}
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": "ที่ดินนวัตกรรม"}).content.decode()
    assert _titles(html) == set()


def test_the_page_search_still_finds_english_words(courses, editor, client):
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": "land"}).content.decode()
    assert _titles(html) == {"Redesigning land services"}


def test_the_page_listing_search_finds_a_thai_word_inside_a_title(courses, editor, client):
    index = make_course_index()
    response = client.get(reverse("wagtailadmin_explore", args=[index.pk]), {"q": "ที่ดิน"})
    assert response.status_code == 200
    assert _titles(response.content.decode()) == {LAND_TITLE}


def test_the_page_chooser_finds_a_thai_word_inside_a_title(courses, editor, client):
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "ที่ดิน"})
    assert response.status_code == 200
    assert _titles(response.content.decode()) == {LAND_TITLE}

    # The chooser limited to one page type, as a page field of a course uses it.
    response = client.get(
        reverse("wagtailadmin_choose_page_search"), {"q": "ที่ดิน", "page_type": "cms.coursepage"}
    )
    assert _titles(response.content.decode()) == {LAND_TITLE}


def test_the_page_search_ignores_invisible_characters_pasted_with_the_query(
    courses, editor, client
):
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": "ที่\u200bดิน"}).content.decode()
    assert _titles(html) == {LAND_TITLE}


def test_the_backend_search_api_finds_thai_words_in_titles_for_code_too(courses):
    found = Page.objects.search("ที่ดิน")
    assert [page.title for page in found] == [LAND_TITLE]
    assert [page.title for page in CoursePage.objects.live().autocomplete("ที่ดิน")] == [LAND_TITLE]


def test_the_image_library_search_finds_a_thai_word_inside_a_title(editor, client):
    Image.objects.create(title="ภาพสำนักงานที่ดินนำร่อง", file=get_test_image_file())
    Image.objects.create(title="ภาพห้องประชุม", file=get_test_image_file())
    html = client.get(reverse("wagtailimages:index"), {"q": "ที่ดิน"}).content.decode()
    assert "ภาพสำนักงานที่ดินนำร่อง" in html
    assert "ภาพห้องประชุม" not in html


def test_a_double_quote_in_the_image_library_search_still_finds_the_image(editor, client):
    # Wagtail passes the query as typed; SQLite's full-text query failed on the quotes (500).
    Image.objects.create(title="Workshop at the land office", file=get_test_image_file())
    response = client.get(reverse("wagtailimages:index"), {"q": '"workshop"'})
    assert response.status_code == 200
    assert "Workshop at the land office" in response.content.decode()
    response = client.get(reverse("wagtailimages:index"), {"q": "<b>'\""})
    assert response.status_code == 200


def test_a_quoted_thai_phrase_in_the_page_search_finds_the_page(courses, editor, client):
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": '"ที่ดิน"'}).content.decode()
    assert _titles(html) == {LAND_TITLE}


def test_a_pasted_text_of_thousands_of_thai_words_is_searched_by_its_first_words(
    courses, editor, client
):
    # 13,000 characters, segmented into thousands of words: SQLite refused the query built
    # from them ("Expression tree is too large", a 500). The first words are searched for.
    query = LAND_TITLE * 500
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": query})
    assert response.status_code == 200
    assert _titles(response.content.decode()) == {LAND_TITLE}
    assert [page.title for page in Page.objects.search(query)] == [LAND_TITLE]


def test_a_pasted_text_of_thousands_of_english_words_is_searched_by_its_first_words(
    courses, editor, client
):
    query = "redesigning land services " * 1000
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": query})
    assert response.status_code == 200
    assert _titles(response.content.decode()) == {"Redesigning land services"}


def test_the_page_search_counts_its_results_in_words_not_none(courses, editor, client):
    import re

    html = client.get(reverse("wagtailadmin_pages:search"), {"q": "ที่ดิน"}).content.decode()
    count = re.search(r"1-1 จาก 1 (\S+)", html)
    assert count is not None, "the result count is missing"
    assert count.group(1) == "หน้า"
    assert " None" not in html[count.start() - 200 : count.end() + 200]
