"""A learner creates and revokes personal API tokens on their profile page."""

import datetime
import importlib
import re

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import APIToken

from tests.factories import make_learner, make_opdc_staff

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client):
    learner = make_learner()
    client.force_login(learner)

    response = client.post(reverse("accounts:create_api_token"), {"name": "My script"})

    assert response.status_code == 200
    key = re.search(r'id="new-api-key"[^>]*value="([^"]+)"', response.content.decode()).group(1)
    token = APIToken.objects.get(user=learner)
    assert token.name == "My script"
    assert key not in token.key_hash
    assert (
        client.get("/api/v1/me/enrolments/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    )
    assert key not in client.get(reverse("accounts:profile")).content.decode()


def test_a_token_needs_a_name(client):
    client.force_login(make_learner())
    response = client.post(reverse("accounts:create_api_token"), {"name": ""})
    assert response.status_code == 400
    assert not APIToken.objects.exists()


def test_revoking_stops_the_token_working(client):
    learner = make_learner()
    token, key = APIToken.create_token(user=learner, name="old")
    client.force_login(learner)

    response = client.post(reverse("accounts:revoke_api_token", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        client.get("/api/v1/me/enrolments/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    )


def test_nobody_else_can_revoke_my_token(client):
    token, _key = APIToken.create_token(user=make_learner(), name="mine")
    url = reverse("accounts:revoke_api_token", args=[token.pk])

    assert client.post(url).status_code == 302  # anonymous: to the log-in page
    client.force_login(make_learner())
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_password_reset_through_the_e_mailed_link_revokes_every_token(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    learner = make_learner(email="somchai@dol.go.th")
    _token, key = APIToken.create_token(user=learner, name="script")
    api = client.get("/api/v1/me/enrolments/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/th/accounts/password-reset/", {"email": "somchai@dol.go.th"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password-reset/" in line)
    form = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase 42", "new_password2": "a new long passphrase 42"},
    )
    assert done.status_code == 302

    learner.refresh_from_db()
    assert learner.check_password("a new long passphrase 42")
    api = client.get("/api/v1/me/enrolments/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 401


def test_changing_the_password_revokes_tokens_but_saving_a_profile_does_not(client):
    learner = make_learner()
    token, _key = APIToken.create_token(user=learner, name="script")
    learner.first_name_th = "สมศรี"
    learner.save()
    token.refresh_from_db()
    assert token.revoked_at is None
    learner.set_password("another long passphrase 7")
    learner.save()
    token.refresh_from_db()
    assert token.revoked_at is not None


def _make_token_on_the_profile(client, name="My script") -> str:
    response = client.post(reverse("accounts:create_api_token"), {"name": name})
    assert response.status_code == 200
    return re.search(r'id="new-api-key"[^>]*value="([^"]+)"', response.content.decode()).group(1)


def test_a_token_expires_after_the_configured_number_of_days(client, settings):
    settings.API_TOKEN_MAX_AGE_DAYS = 30
    learner = make_learner()
    client.force_login(learner)
    with time_machine.travel(datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC), tick=False):
        key = _make_token_on_the_profile(client)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    with time_machine.travel(datetime.datetime(2026, 2, 8, 9, tzinfo=datetime.UTC), tick=False):
        assert client.get("/api/v1/me/enrolments/", **headers).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 2, 9, 9, 1, tzinfo=datetime.UTC), tick=False):
        assert client.get("/api/v1/me/enrolments/", **headers).status_code == 401
        last_used = APIToken.objects.get().last_used_at
        page = client.get("/th/accounts/profile/").content.decode()

    # Shortening the setting applies to tokens already made.
    settings.API_TOKEN_MAX_AGE_DAYS = 90
    with time_machine.travel(datetime.datetime(2026, 2, 9, 9, 2, tzinfo=datetime.UTC), tick=False):
        assert client.get("/api/v1/me/enrolments/", **headers).status_code == 200
    assert last_used.date() == datetime.date(2026, 2, 8)  # the refused call is not "use"
    assert "หมดอายุแล้ว" in page  # "Expired"
    assert "9 ก.พ. 2569" in page or "9 กุมภาพันธ์ 2569" in page  # when, in the Buddhist era


def test_the_profile_lists_each_token_with_its_dates_and_never_its_key(client, settings):
    settings.API_TOKEN_MAX_AGE_DAYS = 90
    learner = make_learner()
    client.force_login(learner)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 3, tzinfo=datetime.UTC), tick=False):
        key = _make_token_on_the_profile(client, name="รายงานประจำเดือน")
    with time_machine.travel(datetime.datetime(2026, 3, 5, 3, tzinfo=datetime.UTC), tick=False):
        client.get("/api/v1/me/enrolments/", HTTP_AUTHORIZATION=f"Bearer {key}")
        page = client.get("/th/accounts/profile/").content.decode()

    assert key not in page
    assert "รายงานประจำเดือน" in page
    assert key[:12] in page  # the prefix shown so the person can tell tokens apart
    assert "หมดอายุ" in page  # the "Expires" column
    assert "มีนาคม 2569" in page  # made 1 March 2026, used 5 March: B.E. 2569
    assert "30 พฤษภาคม 2569" in page  # expires 90 days after it was made
    assert "90 วัน" in page  # the rule, stated


def test_a_learner_makes_a_token_without_a_second_factor(client, settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True
    client.force_login(make_learner())

    key = _make_token_on_the_profile(client)

    assert (
        client.get("/api/v1/me/enrolments/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    )


def test_tokens_from_before_the_record_get_one_that_is_not_verified():
    from django.apps import apps

    from accounts.models import ApiTokenRecord

    migration = importlib.import_module("accounts.migrations.0006_api_token_record")
    token, _key = APIToken.create_token(user=make_opdc_staff(), name="old")

    migration.record_existing_tokens(apps, None)

    assert ApiTokenRecord.objects.get(token=token).made_with_second_factor is False
