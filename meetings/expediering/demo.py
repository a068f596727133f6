"""Demo recipients for seed 002's justerat protocol: who its decisions are sent to. Idempotent; nothing is sent.

The member replaced in a samordnande grupp concerns Kalmar and Oskarshamn (the new and the former member's
employers); the elevhälsa pilot is financed through Kommunförbundet. The paragraph that sent a joint proposal
out for ratification gets the principals from the ratification case itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from groups.models import Organisation
from meetings.expediering import services
from meetings.expediering.models import Recipient
from meetings.models import AgendaItem, Meeting

SEED_RECIPIENTS = {
    "Beslutspunkter": ["kalmar-kommun", "oskarshamn-kommun"],
    "Tillägg i protokoll": ["kommunforbundet-kalmar-lan"],
}


def load(*, out: Any = None) -> dict[str, Any]:
    meeting = Meeting.objects.filter(organ__slug="lgl", status__in=Meeting.LOCKED_STATUSES).order_by("date").first()
    secretary = get_user_model().objects.filter(username="sekreterare").first()
    if meeting is None or secretary is None or Recipient.objects.filter(item__meeting=meeting).exists():
        return {}
    added = 0
    for title, slugs in SEED_RECIPIENTS.items():
        item = AgendaItem.objects.filter(meeting=meeting, title=title).first()
        if item is None:
            continue
        for organisation in Organisation.objects.filter(slug__in=slugs):
            added += len(services.recipient_add(acting_user=secretary, items=[item], organisation=organisation))
    if out is not None:
        out.write(f"  mottagare av beslut: {added}\n")
    return {"meeting": meeting}
