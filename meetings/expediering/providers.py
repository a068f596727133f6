"""Recipients that other apps know about and expediering cannot: a ratification case's principals, say.

Expediering sits below decisions, so it must not import them; an app above registers a provider in its
AppConfig.ready(). A provider gets the meeting's paragraphs and returns, per paragraph id, organisations that
must receive that paragraph's extract, with a short note saying why (shown beside them on the page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from groups.models import Organisation
from meetings.models import AgendaItem

Provided = dict[int, list[tuple[Organisation, str]]]
Provider = Callable[[Iterable[AgendaItem]], Provided]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def provided_recipients(items: Iterable[AgendaItem]) -> Provided:
    items = list(items)
    found: Provided = {}
    for provider in _providers:
        for item_id, organisations in provider(items).items():
            found.setdefault(item_id, []).extend(organisations)
    return found
