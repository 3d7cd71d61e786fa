"""A URLconf without language prefixes, set on API requests that answer 404.

LocaleMiddleware turns a 404 under an unprefixed path into a redirect to /th/<path> (Wagtail's
catch-all makes nearly every path "valid"), so an API client asking for an unknown cohort would
be sent to an HTML page. With this URLconf on the request the middleware sees no i18n patterns
and leaves the JSON 404 alone (the same approach as certificates.public_urls).
"""

urlpatterns: list = []
