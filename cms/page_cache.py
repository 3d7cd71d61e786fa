"""Whole public pages for anonymous visitors, from the cache (issue #22: a national launch sends
everyone to the catalogue at once).

A page is stored only when everything says it is the same for every visitor without a session:

- the view said so: a published Wagtail page with no view restriction, not a preview (the
  `before_serve_page` hook in cms/wagtail_hooks.py), or the search page (`cacheable`);
- the request came without a session or messages cookie and without credentials, by GET, with
  no query parameter but those the public pages read (each short); one with a query string is
  stored the second time it is asked for within the expiry, so a flood of made-up searches
  cannot fill the cache;
- the answer is a 200 that sets no cookie, did not use a CSRF token (a form for this visitor)
  and is not marked private or no-store.

Keys carry the content version of cms/navigation.py, so publishing, unpublishing, moving a
page or editing reference data retires every stored page at once, as it does the page parts.
Pages that show figures changing without a publish (seats left, open cohorts, people trained:
`shows_live_figures`) are kept `FULL_PAGE_CACHE_LIVE_SECONDS` at most, and an enrolment or
cohort change (courses/apps.py) retires them at once. Logged-in visitors never see a stored
page and their pages are never stored.

The middleware sits before the site lookup and the session (lms/settings/base.py), so a stored
page costs two cache reads and no query; the middlewares outside it (request id, metrics,
security headers, CSP) still run on it. `X-Page-Cache: hit` or `miss` says which it was.
Off with FULL_PAGE_CACHE_SECONDS=0.
"""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse

from cms.navigation import content_version

# What the public pages read from the query string (the catalogue's filters, search, paging),
# and the longest value worth a stored page: anything else is answered fresh.
QUERY_PARAMETERS = frozenset({"q", "page", "theme", "delivery_mode", "language", "sort"})
MAX_QUERY_VALUE = 200
# A bigger page is answered fresh each time (no public page comes near).
MAX_BODY_BYTES = 1024 * 1024
LIVE_VERSION_KEY = "cms:page-cache:live"
HEADER = "X-Page-Cache"


def cacheable(request) -> None:
    """The view's word that its answer to an anonymous visitor is the same for all of them."""
    request._page_cache_ok = True


def shows_live_figures(request) -> None:
    """The page shows figures that change without a publish: keep it briefly, and retire it when
    an enrolment or a cohort changes."""
    if request is not None:
        request._page_cache_live = True


def live_version() -> int:
    return cache.get(LIVE_VERSION_KEY) or 0


def live_figures_changed(**_kwargs) -> None:
    """Signal receiver (courses/apps.py): stored pages with live figures are retired."""
    cache.add(LIVE_VERSION_KEY, 0, timeout=None)
    try:
        cache.incr(LIVE_VERSION_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(LIVE_VERSION_KEY, 1, timeout=None)


def _query(request) -> str | None:
    """The query string in a canonical order, or None when it holds anything else."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    if any(name not in QUERY_PARAMETERS or len(value) > MAX_QUERY_VALUE for name, value in pairs):
        return None
    return urlencode(sorted(pairs))


def _eligible(request) -> bool:
    if request.method != "GET" or settings.FULL_PAGE_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _key(request, query: str) -> str:
    address = f"{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"cms:page:{content_version()}:{digest}"


class FullPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        query = _query(request)
        if query is None:
            return self.get_response(request)
        key = _key(request, query)
        stored = cache.get(key)
        if stored is not None and (stored["live"] is None or stored["live"] == live_version()):
            response = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"]:
                response[name] = value
            response[HEADER] = "hit"
            return response
        live_before = live_version()
        response = self.get_response(request)
        if self._should_store(request, response, key, query):
            self._store(request, response, key, live_before)
            response[HEADER] = "miss"
        return response

    @staticmethod
    def _should_store(request, response, key: str, query: str) -> bool:
        user = getattr(request, "user", None)
        if (
            not getattr(request, "_page_cache_ok", False)
            or (user is not None and user.is_authenticated)
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or len(response.content) > MAX_BODY_BYTES
        ):
            return False
        control = response.get("Cache-Control", "")
        if "private" in control or "no-store" in control:
            return False
        if query:
            # Stored the second time it is asked for: a made-up query is asked once.
            asked = f"{key}:asked"
            cache.add(asked, 0, settings.FULL_PAGE_CACHE_SECONDS)
            try:
                return cache.incr(asked) >= 2
            except ValueError:
                return False
        return True

    @staticmethod
    def _store(request, response, key: str, live_before: int) -> None:
        live = getattr(request, "_page_cache_live", False)
        seconds = settings.FULL_PAGE_CACHE_SECONDS
        if live:
            seconds = min(seconds, settings.FULL_PAGE_CACHE_LIVE_SECONDS)
        headers = [(name, value) for name, value in response.items() if name != HEADER]
        stored = {
            "content": response.content,
            "headers": headers,
            # The live figures as they were when the page was built: an enrolment since then
            # (even during the rendering) retires it.
            "live": live_before if live else None,
        }
        cache.set(key, stored, seconds)
