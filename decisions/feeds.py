"""Atom feed of published Beslut i korthet (never drafts or depublished summaries)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from decisions import selectors
from decisions.models import Summary


class SummaryFeed(Feed):
    feed_type = Atom1Feed
    title = _("LGL – Beslut i korthet")
    subtitle = _("Nya och uppdaterade sammanfattningar av beslut från Länsgemensam ledning i samverkan.")
    link = "/beslut/"

    def items(self) -> list[Summary]:
        return selectors.feed_summaries()

    def item_title(self, item: Summary) -> str:
        return item.title

    def item_link(self, item: Summary) -> str:
        return f"/beslut/{item.decision_id}/"

    def item_description(self, item: Summary) -> str:
        head = (
            f"<p>{escape(item.organ.name)}, {item.decided_on.isoformat()} {escape(item.decision.paragraph_label)}</p>"
        )
        bullets = "".join(f"<li>{escape(b)}</li>" for b in item.bullet_list)
        return head + (f"<ul>{bullets}</ul>" if bullets else "")

    def item_pubdate(self, item: Summary) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Summary) -> dt.datetime | None:
        return item.updated_at or item.published_at
