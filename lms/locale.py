"""LocaleMiddleware that leaves the addresses without a language prefix alone.

Django's LocaleMiddleware turns a 404 under an unprefixed address into a redirect to
`/th/<address>` whenever that address would match a language-prefixed pattern, and Wagtail's
page-tree pattern matches almost anything. A missing cohort in the admin, an unknown serial
under /verify/ or an unknown API object would then answer "302 to /th/..." instead of its own
404. These areas are deliberately outside `i18n_patterns` (lms/urls.py), so their 404s stay.
"""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

UNPREFIXED = (
    "/admin/",
    "/api/",
    "/verify/",
    "/checkin/",
    "/documents/",
    "/i18n/",
    "/healthz",
    "/sitemap.xml",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
