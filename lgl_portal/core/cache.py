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
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "public-content-version"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
_CSRF_MARKER = b"\x00csrf\x00"
_LOCAL_MAX_PAGES = 500


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


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _new_version(), timeout=None)
    _local.forget_version()


def public_content_changed() -> None:
    """Invalidate every cached public page now and again once the current transaction commits.

    The second bump drops any page a visitor rendered from the old rows while the transaction was open.
    """
    _bump()
    transaction.on_commit(_bump)


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
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _lookup(key: str) -> tuple[Any, tuple[Any, ...] | None]:
    """The current content version and the stored page for the key (which may be of an older version)."""
    ttl = settings.PUBLIC_PAGE_LOCAL_SECONDS
    now = time.monotonic()
    if ttl > 0 and _local.version is not None and now - _local.checked_at < ttl:
        entry = _local.pages.get(key)
        if entry is not None and entry[0] == _local.version:
            return _local.version, entry
        entry = cache.get(key)
        return _local.version, entry
    found = cache.get_many([VERSION_KEY, key])
    version = _version_from_redis(found)
    if ttl > 0:
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
            try:
                version, entry = _lookup(_key(request))
            except Exception:  # a broken cache must never break the page
                entry = None
            if entry is not None and entry[0] == version:
                return _respond(request, entry)
        return self.get_response(request)


def public_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        try:
            version, entry = _lookup(key)
        except Exception:  # a broken cache must never break the page
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
            with contextlib.suppress(Exception):
                cache.set(key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)
            if settings.PUBLIC_PAGE_LOCAL_SECONDS > 0:
                _local.remember(key, entry)
            response["X-Page-Cache"] = "miss"
            _private(response)
        return response

    return wrapper
