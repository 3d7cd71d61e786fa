"""Content-Security-Policy by area: strict on the public site, report-only for the admin.

Django 6.1's middleware sends ``SECURE_CSP`` / ``SECURE_CSP_REPORT_ONLY`` on every response
unless the response carries its own configuration. The Wagtail admin's templates contain inline
scripts without a nonce, so for admin paths we attach ``CSP_ADMIN`` (enforced, script-neutral)
and ``CSP_ADMIN_REPORT_ONLY`` (the strict policy, reported to ``/csp-report/``) instead.
A page preview is our own public template rendered inside the admin, so it gets the public
site's strict policy (framed by the admin: frame-ancestors 'self'). PDF responses get none.

Wagtail renders a preview by sending a made-up request for the page's public address through
the whole middleware stack again (``make_preview_request``), so this middleware sees the preview
twice: once for the admin's address, once for the page's. The inner response would get the
public ``frame-ancestors 'none'`` and, being set first, win; it is recognised by the flags
Wagtail puts on that request.
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse
from django.middleware import csp
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

logger = logging.getLogger("lms.csp")

# A report is a few hundred bytes; anything larger is not a browser's report.
_MAX_REPORT_BYTES = 16 * 1024


def _is_admin(path: str) -> bool:
    return path.startswith("/admin/")


def _is_preview(request) -> bool:
    if getattr(request, "is_dummy", False) and getattr(request, "is_preview", False):
        return True  # Wagtail's inner request for the page's own address
    return _is_admin(request.path_info) and "/preview/" in request.path_info


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        path = request.path_info
        if response.get("Content-Type", "").startswith("application/pdf"):
            # Browsers' PDF viewers are plugins that object-src/default-src would block (the
            # certificate design preview); a PDF runs no script in our origin. Views that set
            # their own policy (Wagtail documents) keep it.
            response._csp_config = {}
            response._csp_ro_config = {}
        elif _is_preview(request):
            response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["'self'"]}
            response._csp_ro_config = {}
        elif _is_admin(path):
            response._csp_config = settings.CSP_ADMIN
            response._csp_ro_config = settings.CSP_ADMIN_REPORT_ONLY
        return super().process_response(request, response)


def _rate(group, request):
    return settings.RATELIMITS["csp_report_ip"]


@csrf_exempt  # browsers post reports without a CSRF token; the view changes no data
@require_POST
@ratelimit(key="ip", rate=_rate, block=False)
def csp_report(request):
    """Log a browser's CSP violation report (the directive and the blocked address only)."""
    if getattr(request, "limited", False) or len(request.body) > _MAX_REPORT_BYTES:
        return HttpResponse(status=204)
    try:
        report = json.loads(request.body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if not isinstance(report, dict):
        return HttpResponse(status=400)
    # Only where and what: no query strings (they may hold personal data), no page content.
    logger.warning(
        "CSP violation: %s blocked %s on %s",
        str(report.get("violated-directive", ""))[:100],
        str(report.get("blocked-uri", "")).split("?")[0][:200],
        str(report.get("document-uri", "")).split("?")[0][:200],
    )
    return HttpResponse(status=204)
