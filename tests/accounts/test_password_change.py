"""A learner changes their password from their profile page (Django's PasswordChangeView)."""

import pytest
from django.test import Client
from wagtail.models import APIToken

from tests.factories import make_learner

pytestmark = pytest.mark.django_db

OLD = "the old long passphrase 1"
NEW = "a brand new passphrase 2569"


@pytest.fixture
def learner():
    person = make_learner()
    person.set_password(OLD)
    person.save()
    return person


def test_the_profile_links_to_the_thai_change_password_page(client, learner):
    client.force_login(learner)

    profile = client.get("/th/accounts/profile/").content.decode()
    page = client.get("/th/accounts/password-change/")

    assert 'href="/th/accounts/password-change/"' in profile
    assert page.status_code == 200
    text = page.content.decode()
    assert "เปลี่ยนรหัสผ่าน" in text  # "Change your password"
    assert "รหัสผ่านเก่า" in text  # Django's own "Old password", in Thai
    assert "Old password" not in text


def test_changing_the_password_keeps_me_logged_in_and_revokes_my_tokens(client, learner):
    _token, key = APIToken.create_token(user=learner, name="script")
    other_session = Client()
    other_session.force_login(learner)
    client.force_login(learner)

    response = client.post(
        "/th/accounts/password-change/",
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )

    learner.refresh_from_db()
    assert learner.check_password(NEW)
    assert response.redirect_chain[-1][0] == "/th/accounts/profile/"
    assert "เปลี่ยนรหัสผ่านแล้ว" in response.content.decode()  # "has been changed"
    assert client.get("/th/accounts/profile/").status_code == 200  # still logged in here
    assert other_session.get("/th/accounts/profile/").status_code == 302  # logged out there
    assert (
        Client().get("/api/v1/me/enrolments/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code
        == 401
    )


def test_a_wrong_old_password_changes_nothing(client, learner):
    _token, key = APIToken.create_token(user=learner, name="script")
    client.force_login(learner)

    response = client.post(
        "/th/accounts/password-change/",
        {"old_password": "not it", "new_password1": NEW, "new_password2": NEW},
    )

    learner.refresh_from_db()
    assert response.status_code == 200
    assert "ใส่รหัสผ่านเก่าผิด" in response.content.decode()
    assert learner.check_password(OLD)
    assert APIToken.objects.get().revoked_at is None


def test_the_page_needs_a_log_in(client):
    response = client.get("/th/accounts/password-change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/th/accounts/login/")
