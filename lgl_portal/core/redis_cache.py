"""Django's Redis cache backend, keeping its redis-py client instead of making a new one for every call.

Why: `django.core.cache.backends.redis.RedisCacheClient.get_client` builds a new `redis.Redis` for each cache
call, and redis-py fills a dictionary of some 170 response callbacks in its constructor: 0.13 ms on this
machine, two or three times per page (the page cache's read and write, the content version), more than a
third of what the call to Redis itself costs. A client only holds its connection pool and those callbacks, and
redis-py clients are safe to share; connections are still taken from the pool per command, so a lost or
restarted Redis is handled exactly as before (tests/faults).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _KeptClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # django-stubs leave out the private helpers used here
        pool = django_client._get_connection_pool(write)
        client = self._kept.get(id(pool))
        if client is None:
            # Pools live as long as this object (Django keeps them in `_pools`), so their id is never reused here.
            client = self._kept[id(pool)] = django_client._client(connection_pool=pool)
        return client


class KeptClientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _KeptClient
