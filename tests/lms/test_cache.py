"""The production cache while Redis is down: misses and dropped writes, never an error."""

import socket

import pytest

from lms.cache import ResilientRedisCache


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def down_cache():
    return ResilientRedisCache(
        f"redis://127.0.0.1:{_closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )


def test_reads_miss_and_writes_are_dropped_while_redis_is_down(down_cache):
    assert down_cache.get("navigation", "fallback") == "fallback"
    assert down_cache.get_many(["a", "b"]) == {}
    assert down_cache.set("navigation", "<nav>") is None
    assert down_cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert down_cache.add("counter", 1) is False
    assert down_cache.has_key("navigation") is False
    assert down_cache.delete("navigation") is False


def test_incr_raises_the_value_error_rate_limiters_expect(down_cache):
    with pytest.raises(ValueError):
        down_cache.incr("counter")


@pytest.mark.services
def test_it_is_a_normal_cache_while_redis_is_up():
    cache = ResilientRedisCache("redis://127.0.0.1:6379/11", {})
    cache.set("greeting", "สวัสดี", 30)
    assert cache.get("greeting") == "สวัสดี"
    assert cache.add("counter", 1, 30) is True
    assert cache.incr("counter") == 2
    cache.delete_many(["greeting", "counter"])
