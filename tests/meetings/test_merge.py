"""The merge rules of meetings/merge.py, on hand-written texts whose right answer is worked out by hand."""

from __future__ import annotations

import hashlib

from meetings.merge import FieldEdit, Outcome, keep_both, merge_field, merge_fields, merge_words, text_hash

BASE = "<p>Länsgemensam ledning godkänner planen.</p>"


def test_the_hash_is_the_first_24_hex_digits_of_the_sha256_of_the_utf8_text() -> None:
    assert text_hash("Beslut") == hashlib.sha256(b"Beslut").hexdigest()[:24]
    assert text_hash("") == "e3b0c44298fc1c149afbf4c8"


def test_a_field_nobody_else_touched_takes_my_text() -> None:
    result = merge_field(FieldEdit(mine="<p>Ny text.</p>", base_hash=text_hash(BASE)), BASE)
    assert result.outcome is Outcome.APPLIED
    assert result.text == "<p>Ny text.</p>"
    assert result.writes


def test_the_same_text_from_both_writers_is_nothing_to_do() -> None:
    result = merge_field(FieldEdit(mine="<p>Lika.</p>", base_hash=text_hash(BASE)), "<p>Lika.</p>")
    assert result.outcome is Outcome.SAME
    assert not result.writes


def test_a_field_i_did_not_change_keeps_the_other_writers_text() -> None:
    theirs = "<p>Protokollsanteckning från Bo.</p>"
    result = merge_field(FieldEdit(mine="", base_hash=text_hash(""), base=""), theirs)
    assert result.outcome is Outcome.KEPT
    assert result.text == theirs
    assert not result.writes


def test_edits_to_different_words_of_one_field_merge() -> None:
    mine = "<p>Länsgemensam ledning godkänner den reviderade planen.</p>"
    theirs = "<p>Länsgemensam ledning i samverkan godkänner planen.</p>"
    result = merge_field(FieldEdit(mine=mine, base_hash=text_hash(BASE), base=BASE), theirs)
    assert result.outcome is Outcome.MERGED
    assert result.text == "<p>Länsgemensam ledning i samverkan godkänner den reviderade planen.</p>"


def test_edits_in_different_paragraphs_merge_word_for_word() -> None:
    base = "<p>Första stycket.</p><p>Andra stycket.</p>"
    mine = "<p>Första stycket, ändrat.</p><p>Andra stycket.</p>"
    theirs = "<p>Första stycket.</p><p>Andra stycket.</p><ul><li>Punkt</li></ul>"
    expected = "<p>Första stycket, ändrat.</p><p>Andra stycket.</p><ul><li>Punkt</li></ul>"
    assert merge_words(base, mine, theirs) == expected


def test_two_writers_changing_the_same_word_is_a_conflict_that_keeps_the_stored_text() -> None:
    mine = "<p>Länsgemensam ledning avslår planen.</p>"
    theirs = "<p>Länsgemensam ledning bordlägger planen.</p>"
    result = merge_field(FieldEdit(mine=mine, base_hash=text_hash(BASE), base=BASE), theirs)
    assert result.outcome is Outcome.CONFLICT
    assert result.text == theirs
    assert (result.mine, result.theirs) == (mine, theirs)
    assert not result.writes


def test_two_writers_inserting_different_words_at_the_same_place_is_a_conflict() -> None:
    assert merge_words("<p>A B</p>", "<p>A x B</p>", "<p>A y B</p>") is None


def test_an_unknown_base_is_a_conflict_not_a_guess() -> None:
    result = merge_field(FieldEdit(mine="<p>Min.</p>", base_hash=text_hash(BASE)), "<p>Deras.</p>")
    assert result.outcome is Outcome.CONFLICT


def test_a_base_text_that_does_not_match_the_base_hash_is_not_used() -> None:
    edit = FieldEdit(mine="<p>Min.</p>", base_hash=text_hash(BASE), base="<p>Något annat.</p>")
    assert merge_field(edit, "<p>Deras.</p>").outcome is Outcome.CONFLICT


def test_only_the_fields_a_save_sends_are_merged() -> None:
    current = {"decision_text": "<p>A:s beslut.</p>", "protocol_notes": "<p>B:s anteckning.</p>"}
    edits = {"decision_text": FieldEdit(mine="<p>A:s nya beslut.</p>", base_hash=text_hash("<p>A:s beslut.</p>"))}
    results = merge_fields(current, edits)
    assert set(results) == {"decision_text"}
    assert results["decision_text"].outcome is Outcome.APPLIED


def test_keep_both_puts_both_texts_under_named_headings_theirs_first() -> None:
    both = keep_both(theirs="<p>Bo & Eva</p>", mine="min text", theirs_label="Sparad av bo", mine_label="Din text")
    assert both == "<p><strong>Sparad av bo</strong></p><p>Bo & Eva</p><p><strong>Din text</strong></p><p>min text</p>"
