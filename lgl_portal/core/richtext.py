"""The one place rich text is cleaned. Every HTML field passes `sanitize_html` in its service before saving."""

from __future__ import annotations

import html

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "a",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "tr",
    "th",
    "td",
    "sub",
    "sup",
    "hr",
}
# Sub-headings (h3, h4) and tables are the paragraph text's own; the protocol moves the headings below its own
# (meetings.presentation.shift_headings). Merged table cells keep their span.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# Only these link schemes survive: javascript:, data: and friends are dropped with the attribute.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(value: str | None) -> str:
    if not value:
        return ""
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return cleaned.strip()


def html_to_text(value: str | None) -> str:
    """Plain text of stored HTML, for search vectors, e-mails and checks for personal data."""
    if not value:
        return ""
    spaced = value.replace("</p>", "</p>\n").replace("<br>", "\n").replace("</li>", "</li>\n")
    return html.unescape(nh3.clean(spaced, tags=set())).strip()
