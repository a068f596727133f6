"""Template helpers so callers only pass a case: `{% ratification_status case as status %}`."""

from __future__ import annotations

from django import template

from decisions.ratification.models import RatificationCase
from decisions.ratification.selectors import CaseStatus, case_status

register = template.Library()


@register.simple_tag
def ratification_status(case: RatificationCase | None) -> CaseStatus | None:
    # Reads the prefetched rows when the caller used a selector from decisions.ratification.selectors.
    if not case:
        return None
    return case_status(case)
