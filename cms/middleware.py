"""Which Wagtail site a request is for, without a query on every request."""

from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from cms.navigation import cached_for_content


class CachedSiteMiddleware:
    """Wagtail looks the site up with a query (and an ORM `CASE` expression that costs more
    to compile than to run) on every request that routes a page or builds a menu. The answer
    changes only when a site is saved or deleted, or a page is moved or published, all of
    which bump the content version (cms/apps.py), so it is cached like the menus.

    A host with no site is cached as "no site" too. Only hosts that pass ALLOWED_HOSTS are cached, so a forged Host header cannot fill the
    cache; Wagtail's own lookup answers those (and Django refuses them later).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            return self.get_response(request)
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()

        def build():
            try:
                return get_site_for_hostname(hostname, port)
            except Site.DoesNotExist:
                return False

        try:
            site = cached_for_content(f"site:{hostname}:{port}", build)
        except (
            DatabaseError,
            connection.Database.Error,
        ):  # views needing no site (/healthz) answer
            return self.get_response(request)
        request._wagtail_site = site or None  # what Site.find_for_request reads first
        return self.get_response(request)
