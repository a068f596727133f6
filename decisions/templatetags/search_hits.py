"""The search page's hit list, written in Python: `{% search_hit_list hits %}`.

Why not a template loop: a search page shows up to 20 hits per group, and Django's template engine spent about
0.4 ms per hit on this markup (lookups, filters and escaping node by node: 7.7 of the 10 ms the whole page took
to render at 1,000,000 decisions). Here each hit is one f-string of escaped values (the standard library's
`html.escape`, which Django's `escape` calls too, without the lazy-string checks around it). The markup is the
one the template had; the excerpt keeps only its `<mark>` tags (see `_excerpt`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from decisions.forms import SEARCH_KIND_LABELS
from decisions.selectors import SearchHit
from lgl_portal.core.dates import long_date
from lgl_portal.core.templatetags.sanitize import sanitized

register = template.Library()

# Text with no angle brackets but whole, unnested <mark>…</mark> pairs: what `selectors._snippet` makes (the
# headline escaped, then its markers turned into marks).
_MARKED_TEXT = re.compile(r"(?:[^<>]*<mark>[^<>]*</mark>)*[^<>]*")


def _excerpt(snippet: str) -> str:
    """The excerpt as HTML with only its marks as tags. An excerpt of escaped text and whole marks is already
    that, and is taken as it is: sanitising each one cost 45 µs, 20 times on every search page. Anything else
    (a hit made some other way) goes through the `sanitized:"mark"` filter."""
    if _MARKED_TEXT.fullmatch(snippet):
        return snippet
    return sanitized(snippet, "mark")


def _item(hit: SearchHit) -> str:
    meta = escape(hit.organ_name)
    if hit.date:
        meta += f' · <time datetime="{hit.date:%Y-%m-%d}">{escape(long_date(hit.date))}</time>'
    if hit.label:
        meta += f" · {escape(hit.label)}"
    snippet = f'\n          <p class="snippet" lang="sv">{_excerpt(hit.snippet)}</p>' if hit.snippet else ""
    return (
        f'\n        <li>\n          <h3 lang="sv"><a href="{escape(hit.url)}">{escape(hit.title)}</a></h3>'
        f'\n          <p class="muted">{meta}</p>{snippet}\n        </li>'
    )


@register.simple_tag
def search_hit_list(hits: Iterable[SearchHit]) -> SafeString:
    """One group's hits as an ordered list: title linked to the hit's page, its organ, date and label, and the
    excerpt with the matched words marked (Swedish content: lang="sv", also in the English interface)."""
    # Every value above is escaped (or sanitised, the excerpt) before it is put into the markup.
    return mark_safe(f'<ol class="search-hits">{"".join(_item(hit) for hit in hits)}\n      </ol>')


@register.simple_tag
def search_kind(kind: str) -> str:
    """A kind of hit by its name, in the page's language; escaped like any variable. The labels are the search
    form's own choices (`SEARCH_KIND_LABELS`), so the filter and the results never name a kind differently."""
    return str(SEARCH_KIND_LABELS[kind])
