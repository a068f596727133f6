"""The one sanitiser keeps what a protocol paragraph needs (sub-headings, tables) and nothing that runs."""

from __future__ import annotations

from lgl_portal.core.richtext import sanitize_html


def test_sub_headings_and_tables_are_kept() -> None:
    text = (
        "<h3>Bakgrund</h3><h4>Ekonomi</h4>"
        '<table><thead><tr><th scope="col">År</th><th colspan="2">Kostnad</th></tr></thead>'
        "<tbody><tr><td>2027</td><td>12 mnkr</td><td>+3 %</td></tr></tbody></table>"
    )
    assert sanitize_html(text) == text


def test_scripts_and_event_handlers_are_dropped() -> None:
    cleaned = sanitize_html(
        '<h3 onclick="alert(1)">Rubrik</h3><script>alert(1)</script><table><tr><td>1</td></tr></table>'
    )
    assert "script" not in cleaned and "onclick" not in cleaned and "alert" not in cleaned
    assert cleaned.startswith("<h3>Rubrik</h3>")
    assert "<td>1</td>" in cleaned


def test_headings_outside_the_texts_own_levels_are_not_kept() -> None:
    # h1/h2 belong to the page and h5/h6 to the protocol's outline below the section: the text keeps only words.
    assert sanitize_html("<h1>Stor</h1><h2>Mellan</h2><h5>Liten</h5>") == "StorMellanLiten"
