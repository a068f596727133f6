"""`{% same_for_everyone %}…{% end_same_for_everyone %}`: a part of a page that is the same for every visitor in
a language (the main menu, the footer), rendered once per language and process and then reused. And
`{% address "name" %}`: the address of a URL name that takes no arguments, reversed once per process.

Why: the menu and the footer are 17 of the base layout's translations; rendering them node by node was about a
tenth of an uncached decision page. The tag accepts only text and `{% translate "constant" %}` inside (checked
when the template is compiled), so nothing that differs between visitors or requests can be frozen into it.
"""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.conf import settings
from django.template.base import Parser, TextNode, Token
from django.templatetags.i18n import TranslateNode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


def _constant_translation(node: template.Node) -> bool:
    if not isinstance(node, TranslateNode) or node.asvar or node.message_context is not None:
        return False
    expression = node.filter_expression
    return not expression.filters and expression.var.literal is not None


class SameForEveryoneNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self._rendered: dict[str | None, SafeString] = {}

    def render(self, context: Any) -> SafeString:
        language = get_language()
        html = self._rendered.get(language)
        if html is None:
            # Rendered output of text and translations only: as safe as the template itself.
            html = self._rendered[language] = mark_safe(self.nodelist.render(context))
        return html


@register.tag("same_for_everyone")
def same_for_everyone(parser: Parser, token: Token) -> SameForEveryoneNode:
    nodelist = parser.parse(("end_same_for_everyone",))
    parser.delete_first_token()
    for node in nodelist:
        if not (isinstance(node, TextNode) or _constant_translation(node)):
            raise template.TemplateSyntaxError(
                f'{{% same_for_everyone %}} tar bara text och {{% translate "…" %}}, inte {node!r}'
            )
    return SameForEveryoneNode(nodelist)


@register.simple_tag
def address(name: str) -> str:
    """`{% address "login" %}` is `{% url "login" %}` for a name without arguments: the same address on every
    page of a process, so it is reversed once (`{% url %}` reversed them again on every page: the layout's and
    the decision page's addresses were about 35 µs, a sixtieth of an uncached decision page)."""
    return _reversed(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, name)


@functools.lru_cache(maxsize=256)
def _reversed(prefix: str, urlconf: str, name: str) -> str:
    # Keyed on what `reverse` reads besides the name, so a test that swaps the URLconf gets its own addresses.
    return reverse(name, urlconf=urlconf)
