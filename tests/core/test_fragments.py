"""`{% same_for_everyone %}` (lgl_portal/core/templatetags/fragments.py): menu and footer rendered once per
language, and nothing that could differ between visitors allowed inside."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation


def _template(body: str) -> Template:
    return Template("{% load i18n fragments %}{% same_for_everyone %}" + body + "{% end_same_for_everyone %}")


def test_each_language_gets_its_own_words_and_keeps_them() -> None:
    menu = _template('<a href="/beslut/">{% translate "Beslut i korthet" %}</a>')
    with translation.override("sv"):
        assert menu.render(Context()) == '<a href="/beslut/">Beslut i korthet</a>'
    with translation.override("en"):
        assert menu.render(Context()) == '<a href="/beslut/">Decisions in brief</a>'
        assert menu.render(Context({"user": "someone else"})) == '<a href="/beslut/">Decisions in brief</a>'
    with translation.override("sv"):
        assert menu.render(Context()) == '<a href="/beslut/">Beslut i korthet</a>'


@pytest.mark.parametrize(
    "body",
    [
        "{{ user.get_username }}",
        "{% translate title %}",
        '{% translate "Sök"|upper %}',
        '{% translate "Sök" as label %}',
        '{% translate "Sök" context "meny" %}',
        "{% if user.is_authenticated %}Mina sidor{% endif %}",
        "{% csrf_token %}",
    ],
)
def test_anything_that_could_differ_between_requests_is_refused_when_the_template_is_compiled(body: str) -> None:
    with pytest.raises(TemplateSyntaxError, match="same_for_everyone"):
        _template(body)


@pytest.mark.django_db
def test_the_base_layouts_menu_and_footer_follow_the_visitors_language(client) -> None:  # type: ignore[no-untyped-def]
    swedish = client.get("/tillganglighet/").content.decode()
    assert '<nav class="main-nav" aria-label="Huvudmeny">' in swedish
    assert '<a href="/nyckeltal/">Nyckeltal</a>' in swedish
    assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in swedish
    client.post("/sprak/", {"language": "en", "next": "/"})
    english = client.get("/tillganglighet/").content.decode()
    assert '<nav class="main-nav" aria-label="Main menu">' in english
    assert '<a href="/nyckeltal/">Key indicators</a>' in english
    assert '<a href="/tillganglighet/">Accessibility statement</a>' in english
