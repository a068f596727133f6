"""The one filter that puts stored text into a page as HTML: `{{ value|sanitized }}`.

Rich text is sanitised by the services before it is saved; this filter sanitises it again on the way out, so a
row written around the services (an old import, the database shell) still cannot carry script into a page.
No template marks stored text `|safe`; `tests/security/test_templates.py` holds to that.
"""

from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

from lgl_portal.core.richtext import sanitize_html

register = template.Library()


@register.filter
def sanitized(value: str | None, allow: str = "") -> SafeString:
    """Rich text through the portal's allow-list; `|sanitized:"mark"` keeps only <mark> (search highlights)."""
    if allow == "mark":
        return mark_safe(nh3.clean(value or "", tags={"mark"}, attributes={}))  # nh3 output is safe by construction
    return mark_safe(sanitize_html(value))  # the nh3 allow-list output is safe by construction
