"""Merging two writers' protocol text without losing a word. Pure functions: no database, no requests.

A save carries, per field, the hash of the text its writer started from (the base). Against the text the
database holds now ("theirs"):

- theirs still has the base hash: nobody else touched the field, the new text is applied as it is;
- the new text equals theirs: both wrote the same, nothing to do;
- the writer did not change the field (mine == base): the other writer's text stays;
- both changed it: a word-level three-way merge (merge3) succeeds when the edits touch different words;
  otherwise the field is a conflict, and only that field goes to the conflict view.

The base text is needed only in the last case; when it is not known (its revision was coalesced away) the
field is a conflict rather than a guess.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import merge3

# Tags, runs of white space and words are the units: an edit to one word never spills over into its neighbour,
# and markup moves as a whole.
_TOKEN = re.compile(r"<[^>]*>|\s+|[^\s<]+")


def text_hash(text: str) -> str:
    """The short, stable fingerprint of a field's text that the page sends back as the save's base."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def merge_words(base: str, mine: str, theirs: str) -> str | None:
    """Three-way merge at word level; None when both writers changed the same words (or inserted at one spot)."""
    merged: list[str] = []
    for group in merge3.Merge3(tokens(base), tokens(mine), tokens(theirs)).merge_groups():
        if group[0] == "conflict":
            return None
        merged.extend(group[1])
    return "".join(merged)


class Outcome(StrEnum):
    APPLIED = "applied"  # nobody else touched the field: mine is written
    SAME = "same"  # mine already equals the stored text
    KEPT = "kept"  # I did not change the field; the other writer's text stays
    MERGED = "merged"  # both changed different words: the merge is written
    CONFLICT = "conflict"  # both changed the same words: the writer chooses


@dataclass(frozen=True)
class FieldEdit:
    """One field as a save sends it: the text now, and the hash (and, if known, the text) it started from."""

    mine: str
    base_hash: str
    base: str | None = None


@dataclass(frozen=True)
class FieldResult:
    outcome: Outcome
    text: str  # what the field holds after the save (for a conflict: theirs, unchanged)
    mine: str
    theirs: str

    @property
    def writes(self) -> bool:
        return self.outcome in (Outcome.APPLIED, Outcome.MERGED)


def merge_field(edit: FieldEdit, theirs: str) -> FieldResult:
    mine = edit.mine
    if mine == theirs:
        return FieldResult(Outcome.SAME, theirs, mine, theirs)
    if text_hash(theirs) == edit.base_hash:
        return FieldResult(Outcome.APPLIED, mine, mine, theirs)
    base = edit.base if edit.base is not None and text_hash(edit.base) == edit.base_hash else None
    if base is None:
        return FieldResult(Outcome.CONFLICT, theirs, mine, theirs)
    if mine == base:
        return FieldResult(Outcome.KEPT, theirs, mine, theirs)
    merged = merge_words(base, mine, theirs)
    if merged is None:
        return FieldResult(Outcome.CONFLICT, theirs, mine, theirs)
    return FieldResult(Outcome.MERGED, merged, mine, theirs)


def merge_fields(current: Mapping[str, str], edits: Mapping[str, FieldEdit]) -> dict[str, FieldResult]:
    """Each edited field against the stored text; fields not in `edits` are not looked at at all."""
    return {name: merge_field(edit, current[name]) for name, edit in edits.items()}


def only_adds(old: str, new: str) -> bool:
    """True when `new` is `old` with text inserted and none taken away (old is a subsequence of new)."""
    if len(new) < len(old):
        return False
    rest = iter(new)
    return all(char in rest for char in old)


def keep_both(*, theirs: str, mine: str, theirs_label: str, mine_label: str) -> str:
    """ "Behåll båda": both texts, each under a marked line naming whose it is, theirs first (it was saved first)."""

    def part(label: str, text: str) -> str:
        body = text if text.lstrip().startswith("<") else f"<p>{html.escape(text)}</p>"
        return f"<p><strong>{html.escape(label)}</strong></p>{body}"

    return part(theirs_label, theirs) + part(mine_label, mine)
