"""A URLconf without language prefixes, set on requests that end in a certificate 404.

LocaleMiddleware turns any 404 under an unprefixed path into a redirect to ``/th/<path>`` when
that path could match, and Wagtail's catch-all pattern matches almost anything: the uniform
"certificate not found" answer would become a redirect to a different, generic 404 page. With
this URLconf on the request, the middleware sees no i18n patterns and leaves the 404 alone.
"""

from django.urls import include, path

urlpatterns = [path("verify/", include("certificates.urls"))]
