"""A Redis cache that degrades to "no cache" while Redis is down, instead of failing requests.

Production shares one Redis between the Celery broker and the cache. When it goes away, the
transactional outbox keeps e-mails and certificates waiting (outbox/messages.py), and the site
must keep answering: a cache read becomes a miss, a write is dropped, and rate limits are not
counted (with `RATELIMIT_FAIL_OPEN`: log-in lock-out still holds, django-axes keeps its
counts in the database). Django's own `RedisCache` raises instead, which would turn every page
that caches a fragment, and every rate-limited form, into a 500 for the length of the outage.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("lms.cache")


def _degrade(name, fallback):
    method = getattr(RedisCache, name)

    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("Cache unavailable (%s): %s", name, error)
            if isinstance(fallback, type) and issubclass(fallback, Exception):
                raise fallback(str(error)) from error
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    wrapper.__name__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


def _default_of_get(key, default=None, version=None):
    return default


class ResilientRedisCache(RedisCache):
    get = _degrade("get", _default_of_get)
    get_many = _degrade("get_many", lambda *args, **kwargs: {})
    has_key = _degrade("has_key", False)
    set = _degrade("set", None)
    # set_many answers the keys it could not store: all of them.
    set_many = _degrade("set_many", lambda data, *args, **kwargs: list(data))
    add = _degrade("add", False)
    touch = _degrade("touch", False)
    delete = _degrade("delete", False)
    delete_many = _degrade("delete_many", None)
    # A missing key raises ValueError too: callers such as django-ratelimit already handle it.
    incr = _degrade("incr", ValueError)
    decr = _degrade("decr", ValueError)
    clear = _degrade("clear", None)
