"""The portal's address table: the order of its includes is chosen for speed (the most requested first), so
no pattern may shadow another one's address."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter
from django.urls.resolvers import RoutePattern

# One example value per converter: what a visitor's address would hold there.
SAMPLES = {
    IntConverter: "7",
    SlugConverter: "ett-exempel",
    StringConverter: "exempel",
    PathConverter: "exempel/fil.pdf",
    UUIDConverter: str(uuid.UUID(int=7)),
}

# A route's parameter, `<int:pk>` or `<slug>`: group 1 is its name.
_PART = re.compile(r"<(?:\w+:)?(\w+)>")


def _addresses(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(example address, view name) for every named route pattern reached through `resolver`."""
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if not isinstance(pattern, RoutePattern):
            continue  # a regex pattern (the admin's catch-alls) has no example we could write down here
        route = str(pattern)
        converters = pattern.converters
        example = _PART.sub(lambda m, converters=converters: SAMPLES[type(converters[m[1]])], route)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _addresses(entry, prefix + example, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield "/" + prefix + example, namespace + entry.name


def test_every_named_address_of_the_portal_resolves_to_its_own_view_whatever_the_order_of_the_includes() -> None:
    seen = list(_addresses(get_resolver()))
    assert len(seen) > 150, "the walk must reach every app's addresses"
    assert ("/beslut/7/", "decisions:detail") in seen
    shadowed = {}
    for address, name in seen:
        match = resolve(address)
        if match.view_name != name:
            shadowed[address] = (name, match.view_name)
    # The one address taken on purpose: django.contrib.auth's own login page, which the portal answers with its
    # two-step login instead (lgl_portal/accounts/urls.py).
    assert shadowed == {"/konto/login/": ("login", "accounts:django_login")}
