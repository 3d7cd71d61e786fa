import pytest
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Locale

from cms import thai_search
from cms.models import CaseStudyPage
from tests.cms.search_queries import SEARCH_QUERIES


def test_segmenting_splits_thai_words_and_drops_punctuation():
    assert thai_search.segment("การพัฒนานวัตกรรมภาครัฐ, Gov Lab!") == [
        "การพัฒนา",
        "นวัตกรรม",
        "ภาครัฐ",
        "gov",
        "lab",
    ]


def test_the_index_text_has_a_space_around_every_word():
    assert thai_search.index_text("<p>นวัตกรรมภาครัฐ</p>") == " นวัตกรรม ภาครัฐ "
    assert thai_search.index_text("") == ""


def test_short_thai_words_must_stand_alone_and_long_ones_may_be_part_of_a_compound():
    assert thai_search.word_pattern("ยา") == " ยา "
    assert thai_search.word_pattern("ศุลกากร") == "ศุลกากร"
    assert thai_search.word_pattern("prototype") == " prototype"


def test_an_excerpt_highlights_the_match_and_escapes_the_text():
    text = "<p>" + "ก" * 200 + "การพัฒนานวัตกรรมภาครัฐ &lt;b&gt;" + "ข" * 200 + "</p>"
    excerpt = thai_search.excerpt(text, ["นวัตกรรม"])
    assert "<mark>นวัตกรรม</mark>" in excerpt
    assert "&lt;b&gt;" in excerpt and "<b>" not in excerpt
    assert excerpt.startswith("… ") and excerpt.endswith(" …")


@pytest.mark.django_db
def test_every_query_of_the_quality_set_finds_its_relevant_pages_and_the_view_shows_them(
    demo_site, client
):
    missed = {}
    for language, query, relevant in SEARCH_QUERIES:
        locale = Locale.objects.get(language_code=language)
        found = {result.page.slug for result in thai_search.search(query, locale)}
        if relevant - found:
            missed[(language, query)] = relevant - found
    assert missed == {}
    assert len(SEARCH_QUERIES) >= 20

    # A Thai word inside a longer Thai phrase is found, highlighted, in Thai pages only.
    html = client.get("/th/search/", {"q": "นวัตกรรม"}).content.decode()
    assert "<mark>นวัตกรรม</mark>" in html
    assert "นวัตกรรมคือการเปลี่ยนวิธีทำงาน" in html
    assert "Innovation is new ways of working" not in html

    with translation.override("en"):
        html = client.get("/en/search/", {"q": "customs"}).content.decode()
    assert "Customs Department: help for small traders before goods arrive" in html
    assert "<mark>Customs</mark>" in html
    assert "กรมศุลกากร:" not in html

    html = client.get("/th/search/", {"q": "ไม่มีคำนี้แน่นอน"}).content.decode()
    assert "ไม่มีคำนี้แน่นอน" in html  # the query is echoed with "nothing found"

    # The index follows edits: a new revision's text is searchable once published.
    case = CaseStudyPage.objects.get(slug="customs-pre-arrival-help", locale__language_code="th")
    case.lessons_learned = "<p>ใช้ระบบพิธีการศุลกากรอิเล็กทรอนิกส์</p>"
    case.save_revision().publish()
    found = thai_search.search("อิเล็กทรอนิกส์", case.locale)
    assert [result.page.slug for result in found] == ["customs-pre-arrival-help"]


def test_a_thai_word_on_the_english_site_finds_the_thai_pages_and_says_so(demo_site, client):
    with translation.override("en"):
        html = client.get("/en/search/", {"q": "ที่ดิน"}).content.decode()
    assert "Nothing in English matches; these pages in Thai do." in html
    assert '<ol class="search-results" lang="th">' in html
    assert "<mark>ที่ดิน</mark>" in html

    # A word found in the site's own language stays in it, with no note.
    html = client.get("/th/search/", {"q": "ที่ดิน"}).content.decode()
    assert "ไม่พบหน้าภาษาไทยที่ตรงกัน" not in html
    assert '<ol class="search-results">' in html


def test_a_result_does_not_repeat_its_title_in_its_excerpt(demo_site, client):
    # A QA walk of /th/search/?q=ที่ดิน saw each result's excerpt begin with the title above it.
    locale = Locale.objects.get(language_code="th")
    results = thai_search.search("ที่ดิน", locale)

    assert results
    for result in results:
        assert not strip_tags(result.excerpt).startswith(result.page.title), result.page.slug
