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


def test_an_address_is_the_same_as_urls_and_follows_the_script_prefix() -> None:
    from django.urls import set_script_prefix

    page = Template('{% load fragments %}<a href="{% address "login" %}">{% address "decisions:list" %}</a>')
    # Written out, not reversed here: the addresses the portal publishes.
    assert page.render(Context()) == '<a href="/konto/logga-in/">/beslut/</a>'
    set_script_prefix("/lgl/")
    try:
        assert page.render(Context()) == '<a href="/lgl/konto/logga-in/">/lgl/beslut/</a>'
    finally:
        set_script_prefix("/")


def test_an_address_follows_a_swapped_urlconf(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "bench.urls"
    assert Template('{% load fragments %}{% address "login" %}').render(Context()) == "/konto/logga-in/"
    settings.ROOT_URLCONF = "tests.core.urls_only_login"
    assert Template('{% load fragments %}{% address "login" %}').render(Context()) == "/bara-inloggning/"


def test_an_address_of_a_name_with_arguments_fails_when_rendered_as_url_would() -> None:
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        Template('{% load fragments %}{% address "decisions:detail" %}').render(Context())
