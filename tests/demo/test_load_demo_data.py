"""`manage.py load_demo_data`. Loading the demo takes a while, so the tests of a loaded demo
share one load (rolled back after them)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.models import Page, Site

from accounts.models import User
from cms.models import HomePage, StandardPage


def test_the_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    call_command("load_demo_data")
    assert not User.objects.filter(username="admin").exists()


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for the class, as `make demo` does, then rolled back."""
    output = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            DEBUG=True,
        ),
        transaction.atomic(),
    ):
        call_command("load_demo_data", stdout=output)
        yield output
        transaction.set_rollback(True)


class TestTheLoadedDemo:
    """Tests of one loaded demo (the `loaded` fixture is per class)."""

    def test_the_demo_builds_a_bilingual_site_and_can_run_twice(self, loaded, db, client, settings):
        settings.DEBUG = True
        pages_after_first_run = Page.objects.count()
        call_command("load_demo_data", stdout=io.StringIO())

        assert Page.objects.count() == pages_after_first_run
        assert not Page.objects.filter(
            title__startswith="Welcome to your new Wagtail site"
        ).exists()
        assert Site.objects.get().root_page.specific_class is HomePage
        for username in ("admin", "trainer", "opdc", "learner"):
            assert User.objects.get(username=username).check_password("govlab-demo")
        assert User.objects.filter(username__startswith="learner").count() >= 60
        assert StandardPage.objects.filter(slug="privacy").count() == 2  # Thai and English

        assert "Gov Lab" in client.get("/th/").content.decode()
        assert client.get("/en/").status_code == 200
        assert "Privacy notice" in client.get("/en/privacy/").content.decode()
