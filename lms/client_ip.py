"""The address rate limits count by (django-ratelimit's RATELIMIT_IP_META_KEY, as a callable).

Behind the proxy, the header it sets (CLIENT_IP_META_KEY, e.g. HTTP_X_REAL_IP); a request that
reached a web host without it (a health checker or an operator on the host itself, the proxy
bypassed) is counted by the address it came from. django-ratelimit, given the header's name
alone, answered such a request 500 (ImproperlyConfigured: "Could not get IP address").
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    # X-Forwarded-For is a list: the last entry is the one our proxy added.
    value = request.META.get(settings.CLIENT_IP_META_KEY, "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        # Missing or not an address: the connection's own (none over a Unix socket: this host).
        return request.META.get("REMOTE_ADDR") or "127.0.0.1"
