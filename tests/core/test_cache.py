"""`public_content_memo` (lgl_portal/core/cache.py): a reader of public rows read again only when public content
has changed, and every time when the cache cannot say which version is current."""

from __future__ import annotations

from typing import Any

import pytest

from lgl_portal.core.cache import public_content_changed, public_content_memo


def _counting_reader() -> tuple[Any, list[int]]:
    calls: list[int] = []

    @public_content_memo
    def reader() -> int:
        calls.append(1)
        return len(calls)

    return reader, calls


@pytest.mark.django_db
def test_a_memoised_reader_reads_again_only_after_public_content_changed() -> None:
    reader, calls = _counting_reader()
    assert reader() == 1
    assert reader() == 1
    assert len(calls) == 1
    public_content_changed()
    assert reader() == 2
    assert reader() == 2
    assert len(calls) == 2


@pytest.mark.django_db
def test_without_the_cache_the_reader_reads_its_rows_every_time(settings: Any) -> None:
    # Nothing listens on port 1: every cache call fails fast, as with Redis away (the fault tests stop a real one).
    settings.CACHES = {
        "default": {
            "BACKEND": "lgl_portal.core.redis_cache.KeptClientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }
    settings.LGL_CACHE_RETRY_SECONDS = 0  # the breaker closes again at once, for the tests after this one
    reader, calls = _counting_reader()
    assert [reader(), reader(), reader()] == [1, 2, 3]
    assert len(calls) == 3
