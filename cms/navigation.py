"""Published content that every visitor sees alike, cached until something is published.

One version number covers all of it: publishing, unpublishing, moving, renaming or deleting a
page (Wagtail's page signals, connected in CmsConfig.ready()) and saving reference data in
the admin (Wagtail snippet hooks in cms/wagtail_hooks.py) bump it, so the next request builds
fresh copies. Keys carry the version, so nothing has to be deleted one by one; old entries
expire. With a shared cache (Redis in production) every worker sees the bump at once.

What is cached here: the menus (`site_navigation`), and parts of pages that change only when
something is published (see `cached_for_content`). What is never cached: anything about the
visitor, seats left, people trained.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from wagtail.models import Page, Site

VERSION_KEY = "cms:content:version"
CACHE_SECONDS = 24 * 60 * 60


def content_version() -> int:
    # Read first: this runs several times on every page request, and a write (`add`) on each
    # would be one more round trip to the shared cache.
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY)
    return version or 1


def invalidate_content(**_kwargs) -> None:
    """Signal receiver and hook: the next request rebuilds every cached part."""
    cache.add(VERSION_KEY, 1, timeout=None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted between add and incr
        cache.set(VERSION_KEY, 2, timeout=None)


def invalidate_content_on_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        invalidate_content()


def cached_for_content(key: str, build: Callable[[], Any]) -> Any:
    """`build()`'s result, cached until the next publish. `key` names the part and whatever
    it depends on (page id, language)."""
    full_key = f"cms:content:{content_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def _build(request, language_code: str) -> dict:
    from cms.pages import StandardPage

    site = Site.find_for_request(request)
    if site is None:
        return {"home": None, "main": [], "footer": []}
    root = site.root_page
    home = (
        Page.objects.live()
        .filter(translation_key=root.translation_key, locale__language_code=language_code)
        .first()
    ) or root
    children = list(home.get_children().live().public().in_menu())
    footer_ids = set(
        StandardPage.objects.filter(pk__in=[child.pk for child in children]).values_list(
            "pk", flat=True
        )
    )

    def link(page):
        return {"title": page.title, "url": page.get_url(request)}

    return {
        "home": home.get_url(request),
        "main": [link(child) for child in children if child.pk not in footer_ids],
        "footer": [link(child) for child in children if child.pk in footer_ids],
    }


def site_navigation(request, language_code: str) -> dict:
    """{"home": url, "main": [{title, url}], "footer": [{title, url}]} for this language:
    the home page's live children shown in menus, standard pages in the footer."""
    return cached_for_content(
        f"navigation:{request.get_host()}:{language_code}",
        lambda: _build(request, language_code),
    )
