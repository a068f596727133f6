"""`SharedChoices` and `PlainSelect` (lgl_portal/core/forms.py): options written once, the chosen one marked on
each page, every key and label escaped, labels in the page's language."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lgl_portal.core.forms import PlainSelect, SharedChoices

CHOICES = SharedChoices([("", _("Alla organ")), ("a&b", "A & B <kommun>"), ("1", "Ett"), ("10", "Tio")])


class _Form(forms.Form):
    organ = forms.ChoiceField(required=False, widget=PlainSelect)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organ"].choices = CHOICES  # type: ignore[attr-defined]


def test_the_chosen_option_is_marked_and_only_that_one() -> None:
    html = str(_Form({"organ": "1"})["organ"])
    assert '<option value="1" selected>Ett</option>' in html
    assert '<option value="10">Tio</option>' in html
    assert html.count(" selected") == 1


def test_keys_and_labels_are_escaped_and_an_escaped_key_can_be_chosen() -> None:
    html = str(_Form({"organ": "a&b"})["organ"])
    assert '<option value="a&amp;b" selected>A &amp; B &lt;kommun&gt;</option>' in html
    assert "<kommun>" not in html


def test_a_shared_choice_validates_like_any_choice() -> None:
    assert _Form({"organ": "10"}).is_valid()
    form = _Form({"organ": "11"})
    assert not form.is_valid() and "organ" in form.errors


def test_the_options_are_written_in_the_pages_language() -> None:
    with translation.override("en"):
        english = str(_Form({})["organ"])
    with translation.override("sv"):
        swedish = str(_Form({})["organ"])
    assert '<option value="" selected>All bodies</option>' in english
    assert '<option value="" selected>Alla organ</option>' in swedish


def test_the_plain_text_input_writes_exactly_what_djangos_text_input_writes() -> None:
    from lgl_portal.core.forms import PlainTextInput

    attributes: list[dict[str, object]] = [
        {},
        {"id": "id_q", "maxlength": 200, "required": True},
        {"aria-describedby": "id_q_error", "aria-invalid": "true", "autofocus": True, "disabled": False},
        {"placeholder": 'Sök "nära vård" & <mer>', "data-x": 0},
    ]
    for value in (None, "", "primärvård", 'KS 2023/0539 & "citat" <b>', 157):
        for attrs in attributes:
            django_html = forms.TextInput().render("q", value, attrs)
            assert PlainTextInput().render("q", value, attrs) == django_html.strip(), (value, attrs, django_html)


def test_a_search_form_writes_its_fields_as_django_would_whatever_was_typed() -> None:
    from decisions.forms import SearchForm

    typed = {"q": '"nära vård" & <b>', "typ": "beslut", "organ": "", "year": ""}
    form = SearchForm(typed, choices={"organs": [], "search_years": []})
    assert form.is_valid()
    reference = forms.TextInput(attrs={"maxlength": "200"}).render("q", typed["q"], {"id": "id_q"})
    assert str(form["q"]) == reference.strip()
    assert '<option value="beslut" selected>Beslut</option>' in str(form["typ"])
    assert str(form["typ"]).count(" selected") == 1
