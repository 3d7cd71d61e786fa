"""Single sign-on against a real OpenID provider: django-oauth-toolkit's, started by this module
in its own process on its own port (tests/oidc_provider/). The provider's pages are driven with
``requests`` (its log-in form, its redirects); our site with Django's test client. Nothing of
the OpenID exchange is mocked: discovery, PKCE, the code exchange, the ID token signed with
the provider's RSA key and checked against its JWKS all happen over HTTP."""

import hashlib
import hmac
import json
import re
import socket
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LinkedIdentity, User
from privacy.registry import erase_person, export_person
from tests.factories import make_learner, make_trainer
from tests.oidc_provider.process import CLIENT_ID, PASSWORD, provider_settings, running_provider

# One provider process for the module, on one xdist worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("oidc_provider")]

CALLBACK = "http://testserver/sso/thaid/callback/"
CITIZEN_ID = "1101700203451"

PERSONAS = {
    # Someone Gov Lab has never seen: ThaID gives the citizen ID in pid, a Thai name.
    "somchai": {
        "claims": {
            "sub": "thaid-somchai",
            "pid": CITIZEN_ID,
            "given_name": "สมชาย",
            "family_name": "ใจดี",
            "email": "somchai.j@moi.go.th",
            "email_verified": True,
        }
    },
    # Has an account with this address, which the provider verified.
    "malee": {
        "claims": {"sub": "thaid-malee", "email": "malee.s@dol.go.th", "email_verified": True}
    },
    # Claims the same address, unverified: anyone could have typed it.
    "mallory": {
        "claims": {"sub": "thaid-mallory", "email": "malee.s@dol.go.th", "email_verified": False}
    },
    # For another service, though it names us as the party it was issued to.
    "wrongaudience": {
        "claims": {"sub": "thaid-wa", "azp": CLIENT_ID},
        "audience": "another-service",
    },
    "expired": {"claims": {"sub": "thaid-exp"}, "expires_in": -3600},
    "trainer": {
        "claims": {"sub": "thaid-trainer", "email": "wichai.t@opdc.go.th", "email_verified": True}
    },
    "trainermfa": {
        "claims": {
            "sub": "thaid-trainer-mfa",
            "email": "wichai.t@opdc.go.th",
            "email_verified": True,
            "amr": ["pwd", "mfa"],
        }
    },
}


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The provider's issuer address, once it answers its discovery document."""
    folder = tmp_path_factory.mktemp("oidc-provider")
    with running_provider(
        folder, PERSONAS, callback=CALLBACK, after_logout="http://testserver/"
    ) as issuer:
        yield issuer


@pytest.fixture
def thaid(provider, settings):
    settings.OIDC_PROVIDERS = provider_settings(provider)
    return provider


def _at_provider(username: str, authorize_url: str) -> str:
    """Log in at the provider as ``username``; return the address it sends the browser back
    to (our callback, with the code and state)."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    assert page.status_code == 200, page.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        page.url,
        data={
            "csrfmiddlewaretoken": csrf,
            "username": username,
            "password": PASSWORD,
            "next": parse_qs(urlsplit(page.url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=10,
    )
    location = answer.headers["Location"]
    while not location.startswith("http://testserver/"):
        answer = browser.get(urljoin(answer.url, location), allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        location = answer.headers["Location"]
    return location


def _local(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, ""))


def sign_in(client, username: str, *, language: str = "th", next_url: str = ""):
    """The whole round trip, as a person's browser makes it; our site's last answer."""
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    started = client.get(f"/{language}/accounts/sso/thaid/{query}")
    assert started.status_code == 302
    return client.get(_local(_at_provider(username, started["Location"])))


def _logged_in_user(client):
    return client.get("/th/accounts/profile/").wsgi_request.user


def _text_of_every_table() -> str:
    """Every value of every table, as text (the sessions decoded too)."""
    from django.contrib.sessions.models import Session

    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    chunks.extend(json.dumps(s.get_decoded()) for s in Session.objects.all())
    return "\n".join(chunks)


def test_the_log_in_page_has_a_button_only_for_a_configured_provider(client, settings, thaid):
    page = client.get("/th/accounts/login/").content.decode()
    assert "เข้าสู่ระบบด้วย ThaID" in page
    assert "Sign in with ThaID" in client.get("/en/accounts/login/").content.decode()
    settings.OIDC_PROVIDERS = {}
    assert "เข้าสู่ระบบด้วย" not in client.get("/th/accounts/login/").content.decode()


def test_a_new_person_signs_up_prefilled_and_only_the_hash_of_their_citizen_id_is_kept(
    client, thaid, settings
):
    answer = sign_in(client, "somchai")
    assert answer.status_code == 302
    assert answer["Location"] == "/th/accounts/sso/signup/complete/"
    # No account yet: they first see what ThaID told us and accept the privacy notice.
    assert User.objects.count() == 0
    form = client.get(answer["Location"]).content.decode()
    assert 'value="สมชาย"' in form and 'value="somchai.j@moi.go.th"' in form
    refused = client.post(answer["Location"], {"email": "somchai.j@moi.go.th"})
    assert refused.status_code == 200 and User.objects.count() == 0

    done = client.post(
        answer["Location"],
        {
            "email": "somchai.j@moi.go.th",
            "title_th": "นาย",
            "first_name_th": "สมชาย",
            "last_name_th": "ใจดี",
            "title_en": "Mr",
            "first_name": "Somchai",
            "last_name": "Jaidee",
            "agency_other": "ที่ทำการปกครองอำเภอเมือง",
            "preferred_language": "th",
            "accept_privacy_notice": "on",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/th/me/"
    person = User.objects.get()
    assert person.full_name_th == "นายสมชาย ใจดี"
    assert person.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    assert not person.has_usable_password()
    assert _logged_in_user(client) == person
    link = LinkedIdentity.objects.get()
    assert (link.user, link.provider, link.subject) == (person, "thaid", "thaid-somchai")
    expected = hmac.new(b"test-only-citizen-id-key", CITIZEN_ID.encode(), hashlib.sha256)
    assert link.citizen_id_hash == expected.hexdigest()
    assert CITIZEN_ID not in _text_of_every_table()

    # Next time: straight in, the same account.
    client.logout()
    again = sign_in(client, "somchai")
    assert again["Location"] == "/th/me/"
    assert _logged_in_user(client) == person
    assert User.objects.count() == 1


def test_an_existing_account_is_linked_by_the_address_the_provider_verified(client, thaid):
    malee = make_learner(email="malee.s@dol.go.th")
    answer = sign_in(client, "malee", language="en", next_url="/en/courses/")
    assert answer.status_code == 302 and answer["Location"] == "/en/courses/"
    assert _logged_in_user(client) == malee
    assert LinkedIdentity.objects.get().user == malee


def test_an_unverified_address_links_nothing_and_cannot_take_the_account(client, thaid):
    malee = make_learner(email="malee.s@dol.go.th")
    answer = sign_in(client, "mallory")
    assert answer["Location"] == "/th/accounts/sso/signup/complete/"
    assert not _logged_in_user(client).is_authenticated
    assert not LinkedIdentity.objects.exists()
    # Nor by signing up with it.
    refused = client.post(
        answer["Location"],
        {
            "email": "malee.s@dol.go.th",
            "first_name_th": "มาลี",
            "last_name_th": "ศรี",
            "first_name": "Malee",
            "last_name": "Sri",
            "preferred_language": "th",
            "accept_privacy_notice": "on",
        },
    )
    assert refused.status_code == 200
    assert "มีบัญชีที่ใช้อีเมลนี้อยู่แล้ว" in refused.content.decode()
    assert list(User.objects.all()) == [malee]
    assert not LinkedIdentity.objects.exists()


def test_a_tampered_state_is_refused_with_a_thai_message(client, thaid):
    started = client.get("/th/accounts/sso/thaid/")
    back = urlsplit(_at_provider("malee", started["Location"]))
    query = parse_qs(back.query)
    query["state"] = ["forged" + query["state"][0]]
    make_learner(email="malee.s@dol.go.th")
    answer = client.get(f"{back.path}?{urlencode(query, doseq=True)}")
    assert answer.status_code == 400
    assert "คำขอนี้หมดอายุหรือไม่ได้เริ่มจากหน้าเข้าสู่ระบบของเรา" in answer.content.decode()
    assert not _logged_in_user(client).is_authenticated
    assert not LinkedIdentity.objects.exists()


@pytest.mark.parametrize("persona", ["wrongaudience", "expired"])
def test_an_id_token_for_another_service_or_expired_is_refused(client, thaid, persona):
    answer = sign_in(client, persona)
    assert answer.status_code == 400
    assert "เราตรวจสอบคำตอบไม่ผ่าน" in answer.content.decode()
    assert not _logged_in_user(client).is_authenticated
    assert not User.objects.exists() and not LinkedIdentity.objects.exists()


def test_staff_signed_in_without_the_providers_second_factor_still_type_our_code(
    client, thaid, settings
):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True
    trainer = make_trainer(email="wichai.t@opdc.go.th")
    TOTPDevice.objects.create(user=trainer, name="phone", confirmed=True)
    sign_in(client, "trainer")
    assert _logged_in_user(client) == trainer
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/th/accounts/two-factor/verify/")


def test_staff_whose_provider_asserts_a_second_factor_open_the_admin(client, thaid, settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True
    trainer = make_trainer(email="wichai.t@opdc.go.th")
    sign_in(client, "trainermfa")
    assert client.get("/admin/").status_code == 200
    # Only for that session: a later password log-in asks for the code again.
    client.logout()
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 302


def test_log_out_ends_our_session_and_the_providers(client, thaid):
    make_learner(email="malee.s@dol.go.th")
    sign_in(client, "malee")
    answer = client.post("/th/accounts/logout/")
    assert answer.status_code == 302
    end_session = requests.get(f"{thaid}/.well-known/openid-configuration", timeout=10).json()[
        "end_session_endpoint"
    ]
    assert answer["Location"].startswith(end_session + "?")
    assert parse_qs(urlsplit(answer["Location"]).query)["client_id"] == [CLIENT_ID]
    assert not _logged_in_user(client).is_authenticated


def test_the_personal_data_export_names_the_link_and_erasure_removes_it(client, thaid):
    malee = make_learner(email="malee.s@dol.go.th")
    sign_in(client, "malee")
    sections = {s["model"]: s for s in export_person(malee)["sections"]}
    (row,) = sections["accounts.linkedidentity"]["rows"]
    assert row["provider"] == "thaid" and row["subject"] == "thaid-malee"
    assert "citizen_id_hash" not in row
    erase_person(malee)
    assert not LinkedIdentity.objects.exists()


def test_too_many_returns_from_the_provider_are_refused(client, thaid, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "sso_ip": "0/m"}
    make_learner(email="malee.s@dol.go.th")
    answer = sign_in(client, "malee")
    assert answer.status_code == 429
    assert not _logged_in_user(client).is_authenticated


def test_a_provider_that_does_not_answer_is_named_and_nothing_happens(client, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens once closed
    settings.OIDC_PROVIDERS = provider_settings(closed)
    answer = client.get("/th/accounts/sso/thaid/")
    assert answer.status_code == 503
    assert "ThaID ไม่ตอบสนองในขณะนี้" in answer.content.decode()
    assert not _logged_in_user(client).is_authenticated


def test_an_account_locked_out_after_failed_passwords_stays_locked_for_single_sign_on(
    client, thaid, settings
):
    make_learner(email="malee.s@dol.go.th")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/th/accounts/login/", {"username": "Malee.S@dol.go.th", "password": "x"})
    answer = sign_in(client, "malee")
    assert answer.status_code == 429
    assert "ระบบระงับการเข้าสู่ระบบของบัญชีนี้" in answer.content.decode()
    assert not _logged_in_user(client).is_authenticated
    assert not LinkedIdentity.objects.exists()
