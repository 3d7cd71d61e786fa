"""Open redirects through ?next= are refused; a forged Host header is refused."""

import pytest
from django.core import mail

from tests.factories import make_home, make_learner

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-2569"
EVIL = ["https://evil.example/", "//evil.example/", "https:/\\evil.example", "\\\\evil.example"]


@pytest.mark.parametrize("next_url", EVIL)
def test_log_in_does_not_follow_next_to_another_site(client, next_url):
    make_learner(username="somchai", password=PASSWORD)

    response = client.post(
        "/th/accounts/login/", {"username": "somchai", "password": PASSWORD, "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == "/th/me/"


def test_log_in_follows_next_on_our_own_site(client):
    make_learner(username="somchai", password=PASSWORD)

    response = client.post(
        "/th/accounts/login/?next=/th/accounts/profile/",
        {"username": "somchai", "password": PASSWORD, "next": "/th/accounts/profile/"},
    )

    assert response["Location"] == "/th/accounts/profile/"


@pytest.mark.parametrize("next_url", EVIL)
def test_log_out_does_not_follow_next_to_another_site(client, next_url):
    client.force_login(make_learner())

    response = client.post(f"/th/accounts/logout/?next={next_url}")

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("next_url", EVIL)
def test_the_language_switch_does_not_follow_next_to_another_site(client, next_url):
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_a_forged_host_header_is_refused(client, settings):
    settings.ALLOWED_HOSTS = ["govlab.opdc.go.th"]
    make_home()

    assert client.get("/th/", HTTP_HOST="govlab.opdc.go.th").status_code == 200
    assert client.get("/th/", HTTP_HOST="evil.example").status_code == 400


def test_a_forged_host_cannot_poison_the_password_reset_link(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["govlab.opdc.go.th"]
    make_learner(email="somchai@dol.go.th")

    with django_capture_on_commit_callbacks(execute=True):
        forged = client.post(
            "/en/accounts/password-reset/",
            {"email": "somchai@dol.go.th"},
            HTTP_HOST="evil.example",
        )
        genuine = client.post(
            "/en/accounts/password-reset/",
            {"email": "somchai@dol.go.th"},
            HTTP_HOST="govlab.opdc.go.th",
        )

    assert forged.status_code == 400
    assert genuine.status_code == 302
    assert len(mail.outbox) == 1
    assert "evil.example" not in mail.outbox[0].body
    assert "govlab.opdc.go.th" in mail.outbox[0].body
