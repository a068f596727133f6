"""The anonymous page cache for public pages, invalidated whenever public content changes.

Use it on any public view:

    from lgl_portal.core.cache import public_cache, public_content_changed

    @public_cache
    def decision_list(request): ...

and call `public_content_changed()` inside every service that changes something a public page shows (it bumps
one content version after the transaction commits, so every cached page is stale at once; nothing has to know
which pages showed what).

Only anonymous GET/HEAD requests without pending messages are served from or stored in the cache, keyed on
the full path and the language. One cache round trip per hit: the page is stored together with the content
version it was rendered under, and the current version is fetched in the same `get_many`. The CSRF token in a
cached page (the language form in the header) is replaced on every hit with the visitor's own token.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

VERSION_KEY = "public-content-version"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
_CSRF_MARKER = b"\x00csrf\x00"


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        # No version yet (fresh or evicted cache): any new value makes every stored page stale.
        cache.set(VERSION_KEY, 1, timeout=None)


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


def _key(request: HttpRequest) -> str:
    digest = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"public-page:{get_language()}:{digest}"


def _with_token(request: HttpRequest, body: bytes) -> bytes:
    if _CSRF_MARKER not in body:
        return body
    return body.replace(_CSRF_MARKER, get_token(request).encode())


def public_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
        except Exception:  # noqa: BLE001 - a broken cache must never break the page
            return view(request, *args, **kwargs)
        version = found.get(VERSION_KEY, 0)
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            _, content_type, body = entry
            response = HttpResponse(_with_token(request, body), content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies.get("messages"):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            body = _CSRF_INPUT.sub(rb"\1" + _CSRF_MARKER + rb"\2", response.content)
            try:
                cache.set(key, (version, response["Content-Type"], body), settings.PUBLIC_PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001, S110 - an uncached page is still a page
                pass
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
