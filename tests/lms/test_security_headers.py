"""Security headers: CSP (strict with nonces on the public site, report-only for the admin),
frame denial, nosniff, referrer policy, and the production cookie and transport settings."""

import base64
import hashlib
import json
import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import RequestFactory
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import StandardPage
from lms.csp import ContentSecurityPolicyMiddleware
from tests.factories import make_bilingual_home, make_english, make_home, make_opdc_staff, make_user
from tests.lms.test_settings import ROOT, manage

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        name, *values = part.split()
        result[name] = values
    return result


def test_public_pages_get_the_strict_policy_without_unsafe_inline(client):
    make_home()

    response = client.get("/th/")

    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    assert "Content-Security-Policy-Report-Only" not in response


def _inline_code(path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    patterns = (r"<script(?![^>]*\bsrc=)(?![^>]*csp_nonce)", r"\sstyle=", r"\son[a-z]+=")
    return [pattern for pattern in patterns if re.search(pattern, text, re.IGNORECASE)]


def test_our_templates_have_no_inline_script_style_or_event_handler():
    """The public site's CSP is enforced: anything inline would be blocked. Our admin screens
    (templates/*/admin/) follow the same rule, so only Wagtail's own templates keep the admin
    policy report-only (docs/security.md)."""
    offenders = [
        f"{path.relative_to(ROOT)}: {pattern}"
        for path in (ROOT / "templates").rglob("*.html")
        for pattern in _inline_code(path)
    ]
    # The 500 page's one <style> is allowed by its hash (next test), not by a nonce.
    offenders = [o for o in offenders if not o.startswith("templates/500.html")]
    assert offenders == []


def test_the_error_pages_inline_style_is_allowed_by_its_exact_hash():
    html = (ROOT / "templates" / "500.html").read_text(encoding="utf-8")
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()

    assert f"'sha256-{digest}'" in settings.SECURE_CSP["style-src"]


def test_a_nonce_in_a_template_is_the_nonce_in_the_header():
    template = Template("<script nonce='{{ csp_nonce }}'>1</script>")

    def view(request):
        return HttpResponse(template.render(RequestContext(request)))

    request = RequestFactory().get("/th/")
    response = ContentSecurityPolicyMiddleware(view)(request)

    nonce = re.search(r"nonce='([^']+)'", response.content.decode()).group(1)
    assert len(nonce) >= 16
    assert f"'nonce-{nonce}'" in _directives(response["Content-Security-Policy"])["script-src"]
    second = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/th/"))
    assert nonce not in second["Content-Security-Policy"]


def test_the_admin_enforces_framing_rules_and_reports_the_strict_policy(client):
    client.force_login(make_opdc_staff())

    response = client.get("/admin/")

    assert response.status_code == 200
    enforced = _directives(response["Content-Security-Policy"])
    assert enforced["frame-ancestors"] == ["'self'"]
    assert enforced["object-src"] == ["'none'"]
    assert "script-src" not in enforced  # Wagtail's inline scripts must keep working
    reported = _directives(response["Content-Security-Policy-Report-Only"])
    assert reported["script-src"] == ["'self'"]
    assert reported["report-uri"] == ["/csp-report/"]
    assert response["X-Frame-Options"] == "DENY"


def _preview_form(page) -> dict:
    return nested_form_data(
        {
            "title": f"{page.title} (ฉบับร่าง)",
            "slug": page.slug,
            "body": streamfield([("paragraph", rich_text("<p>ข้อความฉบับร่าง</p>"))]),
            "comments": inline_formset([]),
        }
    )


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_editors_live_preview_of_a_page_may_be_framed_by_the_admin_only(client, language):
    """The live preview panel is an iframe of the admin's own origin. The preview renders the
    page through the whole middleware stack again (Wagtail's dummy request for the page's own
    address), which must not give it the public site's frame-ancestors 'none'."""
    make_bilingual_home()
    thai = StandardPage(title="เกี่ยวกับเรา", slug="about")
    make_home().add_child(instance=thai)
    thai.save_revision().publish()
    page = {"th": thai, "en": make_english(thai, title="About us")}[language]
    client.force_login(make_user(role=None, is_superuser=True, is_staff=True))
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"

    assert client.post(preview_url, _preview_form(page)).json()["is_valid"]
    response = client.get(f"{preview_url}?in_preview_panel=true")

    assert response.status_code == 200
    assert f"{page.title} (ฉบับร่าง)" in response.content.decode()  # the draft, not an error page
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = _directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    # The same page on the public site still refuses every frame.
    public = client.get(thai.url if language == "th" else page.url)
    assert _directives(public["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    assert public["X-Frame-Options"] == "DENY"


def test_csp_reports_are_logged_without_query_strings(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://govlab.opdc.go.th/admin/pages/3/?q=somchai",
            "violated-directive": "script-src",
            "blocked-uri": "inline",
        }
    }

    response = client.post(
        "/csp-report/", json.dumps(report), content_type="application/csp-report"
    )

    assert response.status_code == 204
    assert "script-src" in caplog.text
    assert "somchai" not in caplog.text
    assert client.get("/csp-report/").status_code == 405
    assert (
        client.post("/csp-report/", "not json", content_type="application/json").status_code == 400
    )


def test_production_cookies_transport_and_uploads_are_locked_down():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
        "for k in ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE',"
        " 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE',"
        " 'LANGUAGE_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS',"
        " 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_CONTENT_TYPE_NOSNIFF',"
        " 'SECURE_REFERRER_POLICY', 'X_FRAME_OPTIONS', 'ALLOWED_HOSTS', 'DEBUG',"
        " 'ADMIN_REQUIRE_TWO_FACTOR', 'DATA_UPLOAD_MAX_MEMORY_SIZE', 'DATA_UPLOAD_MAX_NUMBER_FILES',"
        " 'WAGTAILIMAGES_EXTENSIONS', 'WAGTAILDOCS_EXTENSIONS', 'WAGTAILDOCS_SERVE_METHOD']}))"
    )
    result = manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])

    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["CSRF_COOKIE_SECURE"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["LANGUAGE_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["ALLOWED_HOSTS"] == ["govlab.opdc.go.th"]
    assert values["DEBUG"] is False
    assert values["ADMIN_REQUIRE_TWO_FACTOR"] is True
    assert values["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 10 * 1024 * 1024
    assert values["DATA_UPLOAD_MAX_NUMBER_FILES"] <= 100
    assert not {"svg", "html", "htm", "xml"} & set(values["WAGTAILIMAGES_EXTENSIONS"])
    assert not {"svg", "html", "htm", "xml", "js"} & set(values["WAGTAILDOCS_EXTENSIONS"])
    assert values["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", ALLOWED_HOSTS=None)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_a_pdf_response_gets_no_policy_that_would_block_the_browsers_viewer():
    def view(request):
        return HttpResponse(b"%PDF-1.4", content_type="application/pdf")

    response = ContentSecurityPolicyMiddleware(view)(
        RequestFactory().get("/admin/snippets/x/preview/")
    )

    assert "Content-Security-Policy" not in response
    assert "Content-Security-Policy-Report-Only" not in response
