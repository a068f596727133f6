"""The search page's hit list, written by `{% search_hit_list %}` instead of a template loop: the markup the
template had, every value escaped, the excerpt sanitised, the date in the interface's language."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import translation

from decisions.forms import SEARCH_KIND_LABELS, SearchForm
from decisions.selectors import SEARCH_KINDS, SearchHit


def _render(*hits: SearchHit) -> str:
    return Template("{% load search_hits %}{% search_hit_list hits %}").render(Context({"hits": list(hits)}))


def _hit(**overrides: object) -> SearchHit:
    values: dict[str, object] = {
        "kind": "beslut",
        "pk": 7,
        "title": "Nära vård",
        "url": "/beslut/7/",
        "organ_name": "LGL",
        "date": dt.date(2026, 12, 3),
        "label": "§ 157/26, KS 2026/0539",
        "snippet": "om <mark>vård</mark> i länet",
    }
    values.update(overrides)
    return SearchHit(**values)  # type: ignore[arg-type]


def test_a_hit_is_written_as_the_template_wrote_it_with_a_swedish_date():
    with translation.override("sv"):
        html = _render(_hit())
    assert html == (
        '<ol class="search-hits">\n'
        "        <li>\n"
        '          <h3 lang="sv"><a href="/beslut/7/">Nära vård</a></h3>\n'
        '          <p class="muted">LGL · <time datetime="2026-12-03">3 december 2026</time> · '
        "§ 157/26, KS 2026/0539</p>\n"
        '          <p class="snippet" lang="sv">om <mark>vård</mark> i länet</p>\n'
        "        </li>\n"
        "      </ol>"
    )


def test_the_date_follows_the_interface_language_even_when_an_earlier_request_wrote_it_in_swedish():
    with translation.override("sv"):
        _render(_hit())
    with translation.override("en"):
        html = _render(_hit())
    assert '<time datetime="2026-12-03">3 December 2026</time>' in html


def test_every_value_is_escaped_and_the_excerpt_keeps_only_its_marks():
    hostile = _hit(
        title='<script>alert("t")</script> & co',
        url='/beslut/7/?a=1&b="x"',
        organ_name="Organ <b>",
        label="§ 1 <i>",
        snippet='<mark>vård</mark> <img src=x onerror="alert(1)"> <a href="javascript:x">länk</a>',
    )
    html = _render(hostile)
    assert "<script" not in html and "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; co" in html
    assert 'href="/beslut/7/?a=1&amp;b=&quot;x&quot;"' in html
    assert "Organ &lt;b&gt;" in html and "§ 1 &lt;i&gt;" in html
    assert '<p class="snippet" lang="sv"><mark>vård</mark>  länk</p>' in html


def test_a_hit_without_date_label_or_excerpt_shows_only_its_organ():
    html = _render(_hit(date=None, label="", snippet=""))
    assert '<p class="muted">LGL</p>\n        </li>' in html
    assert "<time" not in html and "snippet" not in html


def test_no_hits_give_an_empty_list():
    assert _render() == '<ol class="search-hits">\n      </ol>'


def test_each_kind_is_named_in_the_interface_language_as_the_search_filter_names_it():
    # Expected names from the Swedish interface and the English translation (locale/en), written out here.
    expected = {
        "sv": {
            "sammanfattning": "Beslut i korthet",
            "beslut": "Beslut",
            "arende": "Ärenden på föredragningslistor",
            "handling": "Handlingar",
        },
        "en": {
            "sammanfattning": "Decisions in brief",
            "beslut": "Decisions",
            "arende": "Items on agendas",
            "handling": "Documents",
        },
    }
    # Every kind the search gives back has a name, in the order the results are shown.
    assert tuple(SEARCH_KIND_LABELS) == SEARCH_KINDS
    template = Template("{% load search_hits %}{% search_kind kind %}")
    for language, names in expected.items():
        with translation.override(language):
            options = dict(SearchForm().fields["typ"].choices)
            for kind, name in names.items():
                assert template.render(Context({"kind": kind})) == name
                assert str(options[kind]) == name


def test_an_excerpt_of_escaped_text_and_marks_reads_as_the_sanitiser_would_give_it_and_nothing_else_passes():
    import html as html_module

    from decisions.search import START, STOP
    from decisions.selectors import _snippet
    from decisions.templatetags.search_hits import _excerpt
    from lgl_portal.core.templatetags.sanitize import sanitized

    headlines = [
        "om nära vård i länet",
        'Avtal med "Vård & Co" <AB> om primärvård',
        "Primärvård: 5 > 3 och 2 < 4 & o'hälsa",
        "&lt;script&gt;alert(1)&lt;/script&gt; <script>alert(2)</script> om vård",
    ]
    for headline in headlines:
        # What the search makes of a headline: its words between the markers, the rest escaped (selectors._snippet).
        excerpt = _snippet(headline.replace("vård", f"{START}vård{STOP}"))
        written = _excerpt(excerpt)
        assert written == excerpt  # taken as it is ...
        # ... and it reads exactly as the sanitiser's output does: the same text, the same marks.
        assert html_module.unescape(written) == html_module.unescape(str(sanitized(excerpt, "mark")))
        assert "<script" not in written and "<mark>vård</mark>" in written
    for hostile in (
        '<mark>vård</mark> <img src=x onerror="alert(1)">',
        "<mark>vård<mark>nästlad</mark></mark>",
        "<mark>vård</mark></mark><script>x</script>",
        '<mark class="x">vård</mark>',
        "<mark>öppen",
    ):
        assert _excerpt(hostile) == str(sanitized(hostile, "mark")), hostile
        assert "<script" not in _excerpt(hostile) and "<img" not in _excerpt(hostile)
