"""Log-in lock-out (django-axes) and rate limits (django-ratelimit) on log-in and password reset."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import make_learner, make_trainer

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-2569"


def _fail(client, url, username, times):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong"})
    return response


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_five_failures_lock_the_account_out_even_with_the_right_password(client, settings):
    make_learner(username="somchai", email="somchai@dol.go.th", password=PASSWORD)

    assert (
        _fail(client, "/th/accounts/login/", "somchai", settings.AXES_FAILURE_LIMIT - 1).status_code
        == 200
    )
    locked = _fail(client, "/th/accounts/login/", "somchai", 1)
    right = client.post("/th/accounts/login/", {"username": "somchai", "password": PASSWORD})

    assert locked.status_code == 429
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    with translation.override("th"):
        assert gettext("Too many attempts") in right.content.decode()


def test_the_lock_out_counts_the_email_and_username_spellings_together(client, settings):
    make_learner(username="somchai", email="somchai@dol.go.th", password=PASSWORD)

    _fail(client, "/th/accounts/login/", "Somchai@DOL.go.th", 3)
    _fail(client, "/th/accounts/login/", " somchai@dol.go.th", 2)
    response = client.post(
        "/th/accounts/login/", {"username": "somchai@dol.go.th", "password": PASSWORD}
    )

    assert response.status_code == 429


def test_the_lock_out_looks_the_same_whether_or_not_the_account_exists(client, settings):
    make_learner(username="somchai", password=PASSWORD)

    existing = _fail(client, "/en/accounts/login/", "somchai", settings.AXES_FAILURE_LIMIT)
    missing = _fail(client, "/en/accounts/login/", "nobody-here", settings.AXES_FAILURE_LIMIT)

    assert existing.status_code == missing.status_code == 429
    assert _without_tokens(existing.content.decode()) == _without_tokens(missing.content.decode())
    assert "nobody-here" not in missing.content.decode()


def test_a_lock_out_does_not_stop_another_account_or_a_success_resets_the_count(client):
    make_learner(username="alice", password=PASSWORD)
    make_learner(username="bob", password=PASSWORD)

    _fail(client, "/th/accounts/login/", "alice", 4)
    assert (
        client.post("/th/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )
    client.logout()
    _fail(client, "/th/accounts/login/", "alice", 4)  # counting starts again after a success
    _fail(client, "/th/accounts/login/", "bob", 5)

    response = client.post("/th/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert response.status_code == 302


def test_the_wagtail_admin_log_in_is_locked_out_too(client, settings):
    make_trainer(username="trainer1", password=PASSWORD)

    _fail(client, "/admin/login/", "trainer1", settings.AXES_FAILURE_LIMIT)
    response = client.post("/admin/login/", {"username": "trainer1", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_log_in_is_rate_limited_per_address_across_usernames(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "login_ip": "3/m"}
    make_learner(username="carol", password=PASSWORD)

    for number in range(3):
        client.post("/th/accounts/login/", {"username": f"guess{number}", "password": "x"})
    response = client.post("/th/accounts/login/", {"username": "carol", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    other = client.post(
        "/th/accounts/login/",
        {"username": "carol", "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )
    assert other.status_code == 302


def test_behind_the_proxy_the_limit_counts_the_header_and_a_direct_request_its_address(
    client, settings
):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    settings.RATELIMITS = {**settings.RATELIMITS, "login_ip": "2/m"}
    make_learner(username="carol", password=PASSWORD)

    def log_in(**headers):
        return client.post(
            "/th/accounts/login/", {"username": "carol", "password": PASSWORD}, **headers
        ).status_code

    # Through the proxy: two people behind one proxy address are two clients.
    assert [log_in(HTTP_X_REAL_IP="198.51.100.7") for _ in range(3)] == [302, 302, 429]
    assert log_in(HTTP_X_REAL_IP="198.51.100.8") == 302
    # Straight to the web host, no header (it answered 500 before): counted by its address.
    assert [log_in() for _ in range(3)] == [302, 302, 429]
    # A header that is no address is not trusted either.
    assert log_in(HTTP_X_REAL_IP="not-an-address") == 429


def test_password_reset_is_rate_limited_per_email_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.RATELIMITS = {**settings.RATELIMITS, "password_reset_email": "2/h"}
    make_learner(email="somchai@dol.go.th")

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post("/en/accounts/password-reset/", {"email": "somchai@dol.go.th"}).status_code
            for _ in range(4)
        ]

    assert statuses == [302, 302, 429, 429]
    assert len(mail.outbox) == 2


def test_password_reset_is_rate_limited_per_address_across_emails(
    client, settings, django_capture_on_commit_callbacks
):
    settings.RATELIMITS = {**settings.RATELIMITS, "password_reset_ip": "2/h"}

    statuses = [
        client.post("/en/accounts/password-reset/", {"email": f"n{n}@dol.go.th"}).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
