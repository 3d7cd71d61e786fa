"""Signing in with ThaID in Chromium: the Thai log-in page, the provider's own log-in page
(the test provider of tests/oidc_provider/, in its own process), back on "My learning"."""

import pytest

from accounts.models import LinkedIdentity
from tests.factories import make_learner
from tests.oidc_provider.process import PASSWORD, provider_settings, running_provider

PERSONAS = {
    "malee": {
        "claims": {"sub": "thaid-malee", "email": "malee.s@dol.go.th", "email_verified": True}
    }
}


@pytest.fixture
def thaid(live_server, settings, tmp_path):
    with running_provider(
        tmp_path,
        PERSONAS,
        callback=f"{live_server.url}/sso/thaid/callback/",
        after_logout=f"{live_server.url}/",
    ) as issuer:
        settings.OIDC_PROVIDERS = provider_settings(issuer)
        yield issuer


def test_a_person_signs_in_with_thaid_and_lands_on_my_learning(desktop_page, thaid):
    malee = make_learner(email="malee.s@dol.go.th")
    page = desktop_page
    page.goto("/th/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("link", name="เข้าสู่ระบบด้วย ThaID").click()
    # The provider's page, on its own address.
    assert page.url.startswith(thaid.removesuffix("/o"))
    page.fill("#id_username", "malee")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation(url="**/th/me/"):
        page.locator("button[type=submit]").click()
    assert page.locator("h1").first.inner_text().strip() == "การเรียนของฉัน"
    assert LinkedIdentity.objects.get().user == malee
