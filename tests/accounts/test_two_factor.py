"""Two-factor authentication for everyone who can open the Wagtail admin."""

import base64
import re
import time

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.two_factor import login_with_two_factor, totp_code
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True


def _enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    client.force_login(user)
    client.get("/en/accounts/two-factor/setup/?next=/admin/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        "/en/accounts/two-factor/setup/", {"token": totp_code(device.key), "next": "/admin/"}
    )
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([^<]+)</code></li>", response.content.decode())
    return device, codes


@pytest.mark.parametrize("make_person", [make_trainer, make_opdc_staff])
def test_the_admin_is_refused_until_the_second_factor_is_set_up(client, make_person):
    person = make_person()
    client.force_login(person)

    for url in ("/admin/", "/admin/pages/", "/admin/images/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/th/accounts/two-factor/setup/?next=")
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_a_superuser_needs_it_too(client):
    admin = make_learner(is_superuser=True, is_staff=True)
    client.force_login(admin)

    assert client.get("/admin/").status_code == 302


def test_enrolment_shows_a_qr_code_and_the_key_then_a_real_code_confirms_it(client):
    trainer = make_trainer()
    client.force_login(trainer)

    page = client.get("/en/accounts/two-factor/setup/?next=/admin/").content.decode()

    device = TOTPDevice.objects.get(user=trainer)
    assert not device.confirmed
    assert 'src="data:image/svg+xml;base64,' in page
    secret = base64.b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    svg = base64.b64decode(re.search(r'data:image/svg\+xml;base64,([^"]+)', page).group(1))
    assert svg.startswith(b"<?xml") or b"<svg" in svg[:200]

    response = client.post(
        "/en/accounts/two-factor/setup/", {"token": totp_code(device.key), "next": "/admin/"}
    )

    device.refresh_from_db()
    assert response.status_code == 200
    assert device.confirmed
    codes = re.findall(r"<li><code>([^<]+)</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_confirm_the_device_or_open_the_admin(client):
    trainer = make_trainer()
    client.force_login(trainer)
    client.get("/en/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=trainer)
    wrong = totp_code(device.key, at=time.time() - 3600)

    response = client.post("/en/accounts/two-factor/setup/", {"token": wrong})

    device.refresh_from_db()
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not device.confirmed
    assert not StaticToken.objects.exists()
    assert client.get("/admin/").status_code == 302


def test_next_time_a_code_from_the_app_is_asked_for_and_cannot_be_replayed(client):
    trainer = make_trainer()
    device, _ = _enrol(client, trainer)
    client.logout()
    client.force_login(trainer)

    redirect = client.get("/admin/pages/")
    assert redirect["Location"].startswith("/th/accounts/two-factor/verify/?next=")
    # The enrolment used this time step's code: the same code is refused (replay).
    replay = client.post("/en/accounts/two-factor/verify/", {"token": totp_code(device.key)})
    assert replay.status_code == 200
    assert client.get("/admin/").status_code == 302

    # A minute later (past django-otp's throttle after the failed replay), the app's new code.
    with time_machine.travel(time.time() + 60, tick=False):
        response = client.post(
            "/en/accounts/two-factor/verify/",
            {"token": totp_code(device.key), "next": "/admin/pages/"},
        )
        assert response.status_code == 302
        assert response["Location"] == "/admin/pages/"
        assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once(client):
    trainer = make_trainer()
    _, codes = _enrol(client, trainer)
    client.logout()

    client.force_login(trainer)
    assert client.post("/en/accounts/two-factor/verify/", {"token": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()

    client.force_login(trainer)
    again = client.post("/en/accounts/two-factor/verify/", {"token": codes[0]})
    assert again.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_password_alone_cannot_enrol_a_second_device(client):
    trainer = make_trainer()
    _enrol(client, trainer)
    client.logout()
    client.force_login(trainer)

    response = client.get("/en/accounts/two-factor/setup/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/two-factor/verify/")
    assert TOTPDevice.objects.filter(user=trainer).count() == 1


def test_verification_refuses_a_next_address_on_another_site(client):
    trainer = make_trainer()
    device = TOTPDevice.objects.create(user=trainer, name="phone", confirmed=True)
    client.force_login(trainer)

    response = client.post(
        "/en/accounts/two-factor/verify/",
        {"token": totp_code(device.key), "next": "https://evil.example/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_learners_and_visitors_have_no_two_factor_pages(client):
    assert client.get("/en/accounts/two-factor/setup/").status_code == 302  # to log in
    client.force_login(make_learner())
    assert client.get("/en/accounts/two-factor/setup/").status_code == 404
    assert client.get("/en/accounts/two-factor/verify/").status_code == 404
    assert not TOTPDevice.objects.exists()


def test_the_helper_for_other_suites_opens_the_admin(client):
    staff = make_opdc_staff()

    login_with_two_factor(client, staff)

    assert client.get("/admin/").status_code == 200


def test_the_admin_log_in_page_itself_stays_reachable(client):
    assert client.get("/admin/login/").status_code == 200


def test_the_right_code_just_after_a_wrong_one_is_told_to_wait_not_to_check_the_clock(client):
    # django-otp refuses every code for a moment after a wrong one. A QA walk typed the right
    # code straight after a typo and was told to check the time on their phone.
    trainer = make_trainer()
    client.force_login(trainer)
    client.get("/en/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=trainer)
    now = time.time()
    with time_machine.travel(now, tick=False):
        client.post("/en/accounts/two-factor/setup/", {"token": "000000"})
        refused = client.post("/en/accounts/two-factor/setup/", {"token": totp_code(device.key)})

    page = refused.content.decode()
    assert "wait 1 second" in page
    assert "Check the time on your phone" not in page
    device.refresh_from_db()
    assert not device.confirmed
    with time_machine.travel(now + 2, tick=False):
        response = client.post("/en/accounts/two-factor/setup/", {"token": totp_code(device.key)})
    device.refresh_from_db()
    assert device.confirmed, response.content.decode()


def test_the_thai_page_says_the_same_in_thai(client):
    trainer = make_trainer()
    login_with_two_factor(client, trainer)
    client.logout()
    client.force_login(trainer)
    device = TOTPDevice.objects.get(user=trainer)
    now = time.time() + 60
    with time_machine.travel(now, tick=False):
        client.post("/th/accounts/two-factor/verify/", {"token": "000000"})
        refused = client.post("/th/accounts/two-factor/verify/", {"token": totp_code(device.key)})

    assert "รอ 1 วินาที" in refused.content.decode()
