"""The anonymous page cache for public pages, invalidated whenever public content changes.

Use it on any public view:

    from lgl_portal.core.cache import public_cache, public_content_changed

    @public_cache
    def decision_list(request): ...

and every service that writes through `audit_record` already calls `public_content_changed()` (a write
outside the services, such as a data migration, must call it itself). It bumps
one content version (now and again after the transaction commits), so every cached page is stale at once;
nothing has to know which pages showed what.

Only anonymous GET/HEAD requests without pending messages are served from or stored in the cache, keyed on
the host, the full path and the language (one process may serve several host names, whose pages differ in
their absolute links). The view's own response headers (Content-Disposition, Content-Language …) are stored
with the page and given back on a hit. A page is stored with the content version it was rendered under; a hit needs
the stored version to equal the current one. With PUBLIC_PAGE_LOCAL_SECONDS > 0 each process also keeps pages
in memory and re-reads the version from Redis at most that often (a change reaches other processes that much
later); with 0, each request makes one Redis round trip (`get_many` of version and page). The CSRF token in a
cached page (the language form in the header) is replaced on every hit with the visitor's own token.

Redis is a cache here, never a reason to lose a write or to hang a page. Every call to it is guarded: the
client's socket timeouts are well under a second (settings.CACHES), and a failed call opens a breaker so
that for the next LGL_CACHE_RETRY_SECONDS this process does not ask Redis at all (pages render uncached,
version bumps are skipped). A version bump that could not reach Redis is owed: the process remembers it and
bumps as soon as Redis answers again (a background retry every second, and the first call that gets
through), so pages stored before the outage go stale within about a second of Redis returning, not after
their PUBLIC_PAGE_CACHE_SECONDS; while a bump is owed this process keeps no pages in memory. (A read that
fails only opens the breaker: a slow answer under load must not invalidate every page.) Were the process
that owes a bump to die before Redis returns, pages could stay stale for at most PUBLIC_PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
T = TypeVar("T")

VERSION_KEY = "public-content-version"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
_CSRF_MARKER = b"\x00csrf\x00"
_LOCAL_MAX_PAGES = 500
# The request attribute where the middleware leaves (key, version) after a miss, for `public_cache` to store under.
_LOOKED_UP = "_lgl_public_page_miss"
# What a cache backend raises when its server is away or too slow (redis-py's own, and socket errors).
CACHE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)
# How often an owed version bump is tried again in the background, and for how long at most.
_BUMP_RETRY_SECONDS = 1.0
_BUMP_RETRY_FOR_SECONDS = 3600.0


class CacheUnavailable(Exception):
    """The breaker is open or the cache call failed; callers treat it as a miss."""


class _Breaker:
    """Per process: after a failed cache call, skip the cache for a while instead of waiting on it again."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open_until = 0.0
        self.bump_owed = False
        self.retrying = False

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, exc: BaseException) -> None:
        with self.lock:
            was_closed = not self.is_open()
            self.open_until = time.monotonic() + settings.LGL_CACHE_RETRY_SECONDS
        _local.forget_version()
        if was_closed:
            logger.warning("Sidcachen (Redis) svarar inte; sidorna visas utan cache en stund: %r", exc)


_breaker = _Breaker()


def _call(method: str, *args: Any, **kwargs: Any) -> Any:
    """One guarded cache call: raises CacheUnavailable (quickly) instead of a Redis or socket error."""
    if _breaker.is_open():
        raise CacheUnavailable
    try:
        result = getattr(cache, method)(*args, **kwargs)
    except ValueError:
        raise  # incr of a missing key: an answer, not a failure
    except CACHE_ERRORS as exc:
        _breaker.trip(exc)
        raise CacheUnavailable from exc
    if _breaker.bump_owed and method != "incr":
        _pay_owed_bump()
    return result


class _Local:
    """This process's copy of the content version and of recently served pages."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: Any = None
        self.checked_at = 0.0
        self.pages: OrderedDict[str, tuple[Any, ...]] = OrderedDict()

    def forget_version(self) -> None:
        self.checked_at = 0.0

    def remember(self, key: str, entry: tuple[Any, ...]) -> None:
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > _LOCAL_MAX_PAGES:
                self.pages.popitem(last=False)


_local = _Local()


def _new_version() -> int:
    # Never a small number a cleared cache could repeat: a page stored under an old version stays stale.
    return time.time_ns()


def _bump_in_redis() -> None:
    try:
        _call("incr", VERSION_KEY)
    except ValueError:
        _call("set", VERSION_KEY, _new_version(), timeout=None)


def _pay_owed_bump() -> bool:
    with _breaker.lock:
        if not _breaker.bump_owed:
            return True
        _breaker.bump_owed = False
    try:
        _bump_in_redis()
    except CacheUnavailable:
        _breaker.bump_owed = True
        return False
    logger.warning("Sidcachen (Redis) svarar igen; alla sparade sidor är nu inaktuella.")
    _local.forget_version()
    return True


def _retry_bump_in_background() -> None:
    with _breaker.lock:
        if _breaker.retrying:
            return
        _breaker.retrying = True

    def run() -> None:
        deadline = time.monotonic() + _BUMP_RETRY_FOR_SECONDS
        try:
            while _breaker.bump_owed and time.monotonic() < deadline:
                time.sleep(max(_BUMP_RETRY_SECONDS, _breaker.open_until - time.monotonic()))
                _pay_owed_bump()
        finally:
            _breaker.retrying = False

    threading.Thread(target=run, name="page-cache-bump", daemon=True).start()


def _bump() -> None:
    """Fail soft: a write must commit even when Redis is down or hanging; the bump is then owed (see above)."""
    _local.forget_version()
    try:
        _bump_in_redis()
    except CacheUnavailable:
        _breaker.bump_owed = True
        _retry_bump_in_background()


def public_content_changed() -> None:
    """Invalidate every cached public page now and again once the current transaction commits.

    The second bump drops any page a visitor rendered from the old rows while the transaction was open.
    """
    _bump()
    transaction.on_commit(_bump)


def public_cache_flush() -> None:
    """Make every stored page stale at once (after a restore); raises CacheUnavailable if Redis is away.

    A fresh time-based version rather than FLUSHDB: the broker's queues may share the Redis database.
    """
    _call("set", VERSION_KEY, _new_version(), timeout=None)
    _local.forget_version()


def public_content_version() -> Any:
    """The current content version: this process's copy while fresh (PUBLIC_PAGE_LOCAL_SECONDS), else Redis's.

    Raises CacheUnavailable when Redis is away.
    """
    ttl = settings.PUBLIC_PAGE_LOCAL_SECONDS
    if ttl > 0 and _local.version is not None and time.monotonic() - _local.checked_at < ttl:
        return _local.version
    return _version_from_redis({VERSION_KEY: _call("get", VERSION_KEY)})


def public_content_memo(reader: Callable[[], T]) -> Callable[[], T]:
    """Keep a reader's last result in this process while the public content version is unchanged.

    For readers of public rows only, without arguments, whose result nobody changes (such as the filter
    choices every uncached list and search page shows). Every service that writes public content bumps the
    version, now and after its commit (see `public_content_changed`), so a result read from rows of an open
    transaction is dropped with the second bump, as a cached page is. Without the cache (Redis away, or a
    bump owed) the reader reads its rows each time.
    """
    lock = threading.Lock()
    kept: list[Any] = [None, None]  # version, result

    @functools.wraps(reader)
    def wrapper() -> T:
        try:
            version = public_content_version()
        except CacheUnavailable:
            return reader()
        if version is None or _breaker.bump_owed:
            return reader()
        with lock:
            if kept[0] == version:
                return kept[1]
        result = reader()
        with lock:
            kept[0], kept[1] = version, result
        return result

    return wrapper


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if "messages" in request.COOKIES:
        return False
    # Checked last: it may cost a session lookup, which only a visitor with a session cookie pays.
    return not request.user.is_authenticated


# Headers that belong to this request or to the cache itself, never to the stored page.
_PER_REQUEST_HEADERS = {"set-cookie", "vary", "cache-control", "x-page-cache", "content-length", "content-type"}


def _key(request: HttpRequest) -> str:
    where = f"{request.get_host()}\n{request.get_full_path()}"
    digest = hashlib.sha1(where.encode(), usedforsecurity=False).hexdigest()
    return f"public-page:{get_language()}:{digest}"


def _version_from_redis(found: dict[str, Any]) -> Any:
    version = found.get(VERSION_KEY)
    if version is None:
        _call("add", VERSION_KEY, _new_version(), timeout=None)
        version = _call("get", VERSION_KEY)
    return version


def _lookup(key: str) -> tuple[Any, tuple[Any, ...] | None]:
    """The current content version and the stored page for the key (which may be of an older version)."""
    ttl = settings.PUBLIC_PAGE_LOCAL_SECONDS
    now = time.monotonic()
    if ttl > 0 and _local.version is not None and now - _local.checked_at < ttl:
        entry = _local.pages.get(key)
        if entry is not None and entry[0] == _local.version:
            return _local.version, entry
        entry = _call("get", key)
        return _local.version, entry
    found = _call("get_many", [VERSION_KEY, key])
    version = _version_from_redis(found)
    if ttl > 0 and not _breaker.bump_owed:
        _local.version, _local.checked_at = version, now
    return version, found.get(key)


def _respond(request: HttpRequest, entry: tuple[Any, ...]) -> HttpResponse:
    content_type, body = entry[1], entry[2]
    if _CSRF_MARKER in body:
        body = body.replace(_CSRF_MARKER, get_token(request).encode())
    response = HttpResponse(body, content_type=content_type)
    for name, value in entry[3] if len(entry) > 3 else ():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return _private(response)


def _private(response: HttpResponse) -> HttpResponse:
    # The page carries the visitor's own CSRF token and differs for logged-in users: no shared caches.
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    patch_cache_control(response, private=True)
    return response


class PublicPageCacheMiddleware:
    """Serves a stored public page before URL resolution and the view, so a hit costs little more than the
    middleware every request passes anyway. Pages are stored only by views wrapped in `public_cache`; this
    middleware finds nothing for any other path. Place it after the locale, session, auth and message
    middleware (it needs the language and must know that the visitor is anonymous)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _cacheable(request):
            key = _key(request)
            try:
                version, entry = _lookup(key)
            except CacheUnavailable:  # a broken cache must never break the page
                return self.get_response(request)
            if entry is not None and entry[0] == version:
                return _respond(request, entry)
            # A miss: `public_cache` stores the page under this version without asking Redis a second time.
            setattr(request, _LOOKED_UP, (key, version))
        return self.get_response(request)


def public_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        looked_up = getattr(request, _LOOKED_UP, None)
        if looked_up is not None:  # the middleware has just missed: no second round trip to Redis
            key, version = looked_up
            entry = None
        else:
            key = _key(request)
            try:
                version, entry = _lookup(key)
            except CacheUnavailable:  # a broken cache must never break the page
                return view(request, *args, **kwargs)
        if entry is not None and entry[0] == version:
            if settings.PUBLIC_PAGE_LOCAL_SECONDS > 0:
                _local.remember(key, entry)
            return _respond(request, entry)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies.get("messages"):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            entry = (
                version,
                response["Content-Type"],
                _CSRF_INPUT.sub(rb"\1" + _CSRF_MARKER + rb"\2", response.content),
                tuple((k, v) for k, v in response.items() if k.lower() not in _PER_REQUEST_HEADERS),
            )
            # An uncached page is still a page: a cache that fails is skipped.
            with contextlib.suppress(CacheUnavailable):
                _call("set", key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)
            if settings.PUBLIC_PAGE_LOCAL_SECONDS > 0 and not _breaker.bump_owed:
                _local.remember(key, entry)
            response["X-Page-Cache"] = "miss"
            _private(response)
        return response

    return wrapper
