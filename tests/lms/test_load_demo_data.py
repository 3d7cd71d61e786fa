import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from accounts.models import User
from cms.models import HomePage, StandardPage


@pytest.mark.django_db
def test_the_demo_builds_a_bilingual_site_and_can_run_twice(client, settings):
    settings.DEBUG = True
    call_command("load_demo_data")
    pages_after_first_run = Page.objects.count()
    call_command("load_demo_data")

    assert Page.objects.count() == pages_after_first_run
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert Site.objects.get().root_page.specific_class is HomePage
    for username in ("admin", "trainer", "opdc", "learner"):
        assert User.objects.get(username=username).check_password("govlab-demo")
    assert User.objects.filter(username__startswith="learner").count() >= 60
    assert StandardPage.objects.filter(slug="privacy").count() == 2  # Thai and English

    assert "Gov Lab" in client.get("/th/").content.decode()
    assert client.get("/en/").status_code == 200
    assert "Privacy notice" in client.get("/en/privacy/").content.decode()


@pytest.mark.django_db
def test_the_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    call_command("load_demo_data")
    assert not User.objects.filter(username="admin").exists()
