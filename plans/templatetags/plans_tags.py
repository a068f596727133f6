from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from plans.charts import timeline_svg

register = template.Library()


@register.simple_tag
def timeline_chart(timeline: Any, title: str) -> SafeString:
    return timeline_svg(timeline=timeline, title=title)
