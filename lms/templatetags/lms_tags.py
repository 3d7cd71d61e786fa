"""Site-wide template tags: the language switcher, the <head> links and tags for search
engines and sharing (hreflang alternates, canonical URL, Open Graph), and the notice shown
when a page is missing in one of the site's languages.

`page_languages()` works out once per request which languages the current page exists in
(one query for a Wagtail page, none for other views); every tag here reads that.
"""

from django import template
from django.conf import settings
from django.http import Http404
from django.urls import translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from wagtail.models import Page, Site

from accounts import roles
from cms.navigation import cached_for_content

register = template.Library()

# Open Graph locales of the site's languages.
OG_LOCALES = {"th": "th_TH", "en": "en_US"}


def _absolute(url: str) -> str:
    """Canonical addresses use the configured public address, never the request's Host."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.PUBLIC_BASE_URL + url


def page_languages(context) -> list[dict]:
    """One entry per site language: code, name, url (relative, None when the page has no
    live translation in that language; then fallback_url is the nearest section that has
    one), current. Cached on the request, and for pages until the next publish."""
    request = context.get("request")
    page = context.get("page")
    cache_key = "_lms_page_languages"
    if request is not None and getattr(request, cache_key, None) is not None:
        return getattr(request, cache_key)
    current = translation.get_language()
    translations = None
    if page is not None and getattr(page, "locale_id", None):
        if getattr(request, "is_preview", False):
            translations = _translation_urls(page, request)
        else:
            host = request.get_host() if request is not None else ""
            translations = cached_for_content(
                f"translations:{host}:{page.pk}", lambda: _translation_urls(page, request)
            )
    languages = []
    for code, name in settings.LANGUAGES:
        if translations is not None:
            url = translations.get(code)
        elif request is not None:
            url = translate_url(request.path, code)
        else:
            url = None
        language = {"code": code, "name": name, "url": url, "current": code == current}
        if translations is not None and url is None:
            language["fallback_url"] = translations.get(f"fallback:{code}")
        languages.append(language)
    if request is not None:
        setattr(request, cache_key, languages)
    return languages


def _translation_urls(page, request) -> dict[str, str]:
    """{language code: url} of the page's live translations (one query) and, for each
    language it is missing in, {"fallback:<code>": nearest translated section} (two more)."""
    urls = {
        other.locale.language_code: other.get_url(request)
        for other in page.get_translations(inclusive=True).live().select_related("locale")
    }
    # The page being shown counts as existing even when it is a draft seen in preview.
    current = page.locale.language_code if page.locale_id else translation.get_language()
    urls.setdefault(current, page.get_url(request))
    for code, _name in settings.LANGUAGES:
        if code not in urls:
            urls[f"fallback:{code}"] = _nearest_translated_url(page, code, request)
    return urls


def _nearest_translated_url(page, code: str, request) -> str:
    """The closest ancestor of `page` that exists in `code` (at worst that language's home)."""
    keys = list(
        page.get_ancestors()
        .filter(depth__gt=1)
        .order_by("-depth")
        .values_list("translation_key", flat=True)
    )
    found = {
        candidate.translation_key: candidate
        for candidate in Page.objects.live().filter(
            translation_key__in=keys, locale__language_code=code
        )
    }
    for key in keys:
        if key in found:
            return found[key].get_url(request)
    return f"/{code}/"


def _query_to_keep(request) -> str:
    """The request's query string, less a `next` address that is not on this site (a hostile
    one is not repeated into our links)."""
    params = request.GET.copy()
    for key in ("next",):
        if key in params and not url_has_allowed_host_and_scheme(
            params[key], allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            del params[key]
    return params.urlencode()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this same content in each language. Where the page has no translation, the
    entry says so and links to the nearest section that exists in that language."""
    links = []
    request = context.get("request")
    # The same search, filters and page of results in the other language: a visitor who
    # switches language mid-search keeps what they were looking at.
    query = _query_to_keep(request) if request is not None else ""
    for language in page_languages(context):
        link = dict(language)
        if link["url"] is None:
            link["missing"] = True
            link["url"] = link.get("fallback_url")
        elif query and not link["current"]:
            link["url"] = f"{link['url']}?{query}"
        links.append(link)
    return {"links": links}


@register.inclusion_tag("includes/missing_translation.html", takes_context=True)
def missing_translation_notice(context):
    """On the site of a language this page is missing in (a Thai-only page shown on the
    English site), a notice in that language that it is not translated yet, with a link to
    the nearest section that is. Visitors of the language the page is in see nothing: the
    language switcher already marks the missing one."""
    page = context.get("page")
    current = translation.get_language()
    missing = []
    if page is not None:
        for language in page_languages(context):
            if language["url"] is None and language["code"] == current:
                missing.append(
                    {
                        "code": language["code"],
                        "name": language["name"],
                        "url": language["fallback_url"],
                    }
                )
    return {"missing": missing}


def _description(page) -> str:
    for field in ("search_description", "summary", "intro", "problem"):
        text = getattr(page, field, "") or ""
        text = strip_tags(str(text)).strip()
        if text:
            return Truncator(" ".join(text.split())).chars(200)
    return ""


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context):
    """hreflang alternates for the languages that exist, the canonical URL, Open Graph and
    Twitter card tags."""
    request = context.get("request")
    page = context.get("page")
    languages = page_languages(context)
    current = translation.get_language()
    alternates = [
        {"code": language["code"], "url": _absolute(language["url"])}
        for language in languages
        if language["url"]
    ]
    default = next(
        (alt for alt in alternates if alt["code"] == settings.LANGUAGE_CODE),
        alternates[0] if alternates else None,
    )
    canonical = next((alt["url"] for alt in alternates if alt["code"] == current), None)
    if canonical is None and request is not None:
        canonical = _absolute(request.path)
    image_url = ""
    hero = getattr(page, "hero_image", None) if page is not None else None
    if hero is not None:
        image_url = _absolute(hero.get_rendition("fill-1200x630|format-jpeg").url)
    title = ""
    if page is not None:
        title = page.seo_title or page.title
    return {
        "alternates": alternates,
        "x_default": default,
        "canonical": canonical,
        "og_title": title or context.get("meta_title", ""),
        "og_description": _description(page) if page is not None else "",
        "og_image": image_url,
        "og_locale": OG_LOCALES.get(current, current),
        "og_locale_alternates": [
            OG_LOCALES.get(alt["code"], alt["code"]) for alt in alternates if alt["code"] != current
        ],
        "og_type": "article" if page is not None and page.depth > 2 else "website",
    }


@register.simple_tag(takes_context=True)
def other_language_versions(context) -> list[dict]:
    """On a 404: the pages at the same address in the site's other languages, if any."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    prefix = f"/{current}/"
    if not request.path.startswith(prefix):
        return []
    components = [part for part in request.path[len(prefix) :].split("/") if part]
    site = Site.find_for_request(request)
    if site is None:
        return []
    found = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        with translation.override(code):
            try:
                page, _args, _kwargs = site.root_page.localized.specific.route(request, components)
            except Http404:
                continue
            found.append(
                {"code": code, "name": name, "title": page.title, "url": page.get_url(request)}
            )
    return found


@register.simple_tag(takes_context=True)
def coordinates_an_agency(context) -> bool:
    """For the header's "My agency" link: the signed-in person coordinates an agency (one
    query per request, none for a visitor; My learning asks the same and shares it)."""
    user = context.get("user")
    return user is not None and roles.is_coordinator(user)
