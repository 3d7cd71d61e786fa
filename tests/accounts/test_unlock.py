"""Lifting a lock-out in the admin: OPDC staff see who is locked out (the account's name, or the
name typed masked; the address masked), unlock, and the person can log in at once; the unlock is
in Wagtail's audit log. A trainer is refused and the lock-out stays."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-2569"


def _locked_out(settings, username, address="203.0.113.57"):
    person = Client(REMOTE_ADDR=address)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        person.post("/th/accounts/login/", {"username": username, "password": "wrong"})
    right = person.post("/th/accounts/login/", {"username": username, "password": PASSWORD})
    assert right.status_code == 429
    return person


def _unlock_url():
    return reverse("accounts_admin_unlock", args=[AccessAttempt.objects.get().pk])


def test_staff_unlock_a_person_who_then_logs_in(client, settings):
    learner = make_learner(
        username="somchai", email="somchai@dol.go.th", password=PASSWORD, first_name_th="สมชาย"
    )
    person = _locked_out(settings, "somchai@dol.go.th")
    staff = make_opdc_staff()
    client.force_login(staff)

    page = client.get(reverse("accounts_admin_lockouts")).content.decode()
    # The account by its name and username (what staff look people up by), not the e-mail typed.
    assert f"{learner.display_name} <small>(somchai)</small>" in page
    assert "203.0.113.•" in page and "203.0.113.57" not in page
    assert "somchai@dol.go.th" not in page
    response = client.post(_unlock_url())

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    logged_in = person.post("/th/accounts/login/", {"username": "somchai", "password": PASSWORD})
    assert logged_in.status_code == 302
    assert person.session["_auth_user_id"] == str(learner.pk)
    entry = ModelLogEntry.objects.get(action="accounts.unlock")
    assert (entry.user, entry.object_id) == (staff, str(learner.pk))
    assert entry.data["address"] == "203.0.113.•"


def test_a_name_that_is_no_account_is_shown_masked(client, settings):
    _locked_out(settings, "nobody-here@dol.go.th")
    client.force_login(make_opdc_staff())

    page = client.get(reverse("accounts_admin_lockouts")).content.decode()

    assert "no••••••@dol.go.th" in page and "nobody-here" not in page
    client.post(_unlock_url())
    entry = ModelLogEntry.objects.get(action="accounts.unlock")
    assert entry.label == "no••••••@dol.go.th"


def test_a_trainer_is_refused_and_the_lock_out_stays(client, settings):
    make_learner(username="somchai", password=PASSWORD)
    person = _locked_out(settings, "somchai")
    url = _unlock_url()
    client.force_login(make_trainer())

    assert client.get(reverse("accounts_admin_lockouts"))["Location"] == "/admin/"
    assert client.post(url)["Location"] == "/admin/"

    assert AccessAttempt.objects.exists()
    assert (
        person.post(
            "/th/accounts/login/", {"username": "somchai", "password": PASSWORD}
        ).status_code
        == 429
    )
    assert not ModelLogEntry.objects.filter(action="accounts.unlock").exists()


def test_an_ended_lock_out_is_a_clear_message_and_nothing_changes(client, settings):
    client.force_login(make_opdc_staff())

    response = client.post(reverse("accounts_admin_unlock", args=[999999]), follow=True)

    with translation.override("th"):
        message = gettext("Nothing changed: that lock-out has ended or was lifted.")
    assert message in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="accounts.unlock").exists()


def test_unlocking_needs_a_post(client, settings):
    make_learner(username="somchai", password=PASSWORD)
    _locked_out(settings, "somchai")
    client.force_login(make_opdc_staff())

    assert client.get(_unlock_url()).status_code == 405
    assert AccessAttempt.objects.exists()
