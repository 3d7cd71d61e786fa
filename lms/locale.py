"""Choosing the language of a request.

`LocaleMiddleware` is Django's, less one redirect: Django's turns a 404 under an unprefixed
address into a redirect to `/th/<address>` whenever that address would match a
language-prefixed pattern, and Wagtail's page-tree pattern matches almost anything. A missing
cohort in the admin, an unknown serial under /verify/ or an unknown API object would then
answer "302 to /th/..." instead of its own 404. These areas are deliberately outside
`i18n_patterns` (lms/urls.py), so their 404s stay.

It also remembers a language the person *switched to*: arriving at a /en/ page from a /th/ page
of this site (the language switcher, or the "not translated" notice) sets Django's language
cookie, the same one `set_language` sets. Plain browsing in one language sets nothing.

`ReaderLanguageMiddleware` picks the language of the pages without a prefix that a person
reads (`READER_PAGES`: check-in, opened from a QR code, and a certificate's verify page, opened
from My learning or the certificate's QR code): the language they chose (that
cookie), then their account's preferred language, then, for a visitor who is not logged in,
what the site's unprefixed home page uses (the browser's Accept-Language), and Thai.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

UNPREFIXED = (
    "/admin/",
    "/api/",
    "/verify/",
    "/checkin/",
    "/documents/",
    "/i18n/",
    "/healthz",
    "/metrics",
    "/sitemap.xml",
)

# Unprefixed pages in one language at a time, chosen for the reader (ReaderLanguageMiddleware).
READER_PAGES = ("/checkin/", "/verify/")


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def language_switched_to(request) -> str | None:
    """The language of this prefixed page when the person came to it from a page of this
    site in another language, else None."""
    language = translation.get_language_from_path(request.path_info)
    referer = urlsplit(request.headers.get("Referer", ""))
    if not language or referer.netloc != request.get_host():
        return None
    came_from = translation.get_language_from_path(referer.path)
    return language if came_from and came_from != language else None


def set_language_cookie(response, language: str) -> None:
    """Django's language cookie, as `django.views.i18n.set_language` sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        switched = language_switched_to(request)
        if switched and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != switched:
            set_language_cookie(response, switched)
        return super().process_response(request, response)


def reader_language(request) -> str:
    """The language a person expects on an unprefixed page (see the module's docstring)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in _languages():
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        preferred = getattr(user, "preferred_language", "")
        return preferred if preferred in _languages() else settings.LANGUAGE_CODE
    return translation.get_language_from_request(request)


class ReaderLanguageMiddleware:
    """After AuthenticationMiddleware: the account is needed to know its preferred language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(READER_PAGES):
            return self.get_response(request)
        language = reader_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
