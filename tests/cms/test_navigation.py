"""Menus come from the page tree, are cached, and change as soon as something is published."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.demo import load_sections, load_site
from cms.models import CourseIndexPage, StandardPage
from cms.navigation import content_version
from demo import loading

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    pages = loading.read("pages.yaml")
    home, _english = load_site(pages)
    load_sections(home, pages)
    return home


def test_sections_are_in_the_main_menu_and_standard_pages_in_the_footer(client, home):
    html = client.get("/en/").content.decode()
    header, footer = html.split('<footer class="site-footer">')

    assert '<a href="/en/courses/">Courses</a>' in header
    assert '<a href="/en/case-studies/">Case studies</a>' in header
    assert '<a href="/en/privacy/">Privacy notice</a>' in footer
    assert "/en/privacy/" not in header


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_the_menus_are_cached_between_requests(client, home):
    cache.clear()
    cold = _queries(client, "/th/about/")
    warm = _queries(client, "/th/about/")

    # Cold: the home page in this language, its menu children, which of them are standard pages.
    assert cold - warm >= 3


def test_publishing_a_renamed_section_shows_the_new_name_at_once(client, home):
    client.get("/th/")
    version = content_version()
    catalogue = CourseIndexPage.objects.child_of(home).get()
    catalogue.title = "หลักสูตรทั้งหมด"
    catalogue.save_revision().publish()

    assert content_version() > version
    assert ">หลักสูตรทั้งหมด</a>" in client.get("/th/").content.decode()


def test_unpublishing_a_page_takes_it_out_of_the_menu(client, home):
    about = StandardPage.objects.child_of(home).get(slug="about")
    assert 'href="/th/about/"' in client.get("/th/").content.decode()

    about.unpublish()

    assert 'href="/th/about/"' not in client.get("/th/").content.decode()


def test_deleting_a_page_takes_it_out_of_the_menu(client, home):
    client.get("/th/")
    StandardPage.objects.child_of(home).get(slug="faq").delete()

    assert 'href="/th/faq/"' not in client.get("/th/").content.decode()


def test_the_site_is_looked_up_once_until_a_site_changes(client, home):
    client.get("/th/about/")
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/th/about/").status_code == 200
    assert not [q for q in warm.captured_queries if "wagtailcore_site" in q["sql"]]

    # An administrator moves the site to another host name: this host has no site any more.
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "training.opdc.example", False
    site.save()

    assert client.get("/th/about/").status_code == 404


def test_a_forged_host_is_still_refused(client, home, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    assert client.get("/th/about/", HTTP_HOST="attacker.example").status_code == 400
