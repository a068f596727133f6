"""`KeptClientRedisCache` (lgl_portal/core/redis_cache.py): Django's Redis cache with one redis-py client kept,
against the real Redis the suite uses."""

from __future__ import annotations

import os
import uuid

import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from lgl_portal.core.redis_cache import KeptClientRedisCache


def _cache() -> RedisCache:
    return KeptClientRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"kept-{uuid.uuid4().hex}"})


def test_the_portal_runs_the_kept_client_backend() -> None:
    assert isinstance(caches["default"], KeptClientRedisCache)


def test_every_call_uses_the_same_client_and_values_go_through() -> None:
    kept = _cache()
    first = kept._cache.get_client("a")
    assert kept._cache.get_client("b") is first
    assert kept._cache.get_client("c", write=True) is first  # one server: reads and writes share its pool
    kept.set("key", {"svar": "ja"}, 30)
    assert kept.get("key") == {"svar": "ja"}
    kept.delete("key")
    assert kept.get("key", "borta") == "borta"


def test_a_connection_closed_by_redis_is_replaced_on_the_next_call() -> None:
    kept = _cache()
    kept.set("key", "värde", 30)
    client = kept._cache.get_client("key")
    # Redis itself drops every connection of this cache's pool, as after a restart or an idle timeout.
    admin = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert admin.client_kill_filter(_id=client.client_id()) == 1
    assert kept.get("key") == "värde"
    assert kept._cache.get_client("key") is client
