import pytest

from cms.demo import bilingual_child, load_site
from cms.models import StandardPage
from demo import loading


@pytest.fixture
def about_pages(db):
    home, _ = load_site(loading.read("pages.yaml"))
    return bilingual_child(
        home,
        StandardPage,
        "about",
        th={"title": "เกี่ยวกับเรา", "body": []},
        en={"title": "About us", "body": []},
    )


def test_the_root_address_redirects_to_thai_first(client, about_pages):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/th/"


def test_a_thai_page_links_to_its_english_translation(client, about_pages):
    response = client.get("/th/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert 'href="/en/about/" lang="en" hreflang="en">English</a>' in html
    assert "เกี่ยวกับเรา" in html


def test_the_english_page_is_in_english_and_links_back_to_thai(client, about_pages):
    response = client.get("/en/about/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "About us" in html
    assert 'href="/th/about/" lang="th" hreflang="th">ไทย</a>' in html
    assert "Log in" in html


def test_a_non_page_address_switches_by_its_prefix(client, about_pages):
    response = client.get("/en/accounts/login/")
    html = response.content.decode()
    assert 'href="/th/accounts/login/"' in html


def test_switching_language_keeps_the_search_and_its_filters(client, about_pages):
    html = client.get("/th/search/", {"q": "ที่ดิน", "page": "2"}).content.decode()
    assert (
        'href="/en/search/?q=%E0%B8%97%E0%B8%B5%E0%B9%88%E0%B8%94%E0%B8%B4%E0%B8%99&amp;page=2"'
        in html
    )


def test_the_home_page_title_names_the_site_once(client, about_pages):
    html = client.get("/th/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title.count("Gov Lab") == 1
    assert "<title>เกี่ยวกับเรา · Gov Lab</title>" in client.get("/th/about/").content.decode()


def test_switching_language_does_not_repeat_a_next_address_of_another_site(client, about_pages):
    html = client.get("/th/search/", {"q": "x", "next": "https://evil.example/"}).content.decode()
    assert "evil.example" not in html
    html = client.get("/th/search/", {"q": "x", "next": "/th/me/"}).content.decode()
    assert 'href="/en/search/?q=x&amp;next=%2Fth%2Fme%2F"' in html
