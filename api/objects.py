"""OParl 1.1 objects as the API serves them, built from rows the views loaded in batches (no query per row).

Field names are OParl's; the portal's own facts that OParl has no name for carry the `lgl:` prefix, as the
spec asks of vendor extensions. Empty values are left out (`compact`). Embedded objects (a meeting's agenda
items, a person's memberships, a paper's consultations, files) are never tombstones: OParl forbids deleted
objects inside others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from api import selectors
from api.http import OPARL, compact, site_url, stamp
from decisions.models import Decision
from decisions.ratification.models import AssemblyDecision, ProposalDocument, RatificationCase
from decisions.selectors import PUBLIC_AGENDA_STATUSES, published_summary_of
from groups.models import Membership, Organ, Person
from meetings import selectors as meeting_selectors
from meetings import voting
from meetings.documents.models import DocumentJob
from meetings.models import AgendaItem, Attachment, Meeting

LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"


def url(kind: str, key: Any) -> str:
    return site_url(f"/api/{kind}/{key}/")


def _type(name: str) -> str:
    return OPARL + name


def tombstone(oparl_type: str, id_: str, created: dt.datetime, modified: dt.datetime) -> dict[str, Any]:
    """A deleted object as OParl 1.1 keeps it: id, type, created, modified (the time of deletion), deleted."""
    return {
        "id": id_,
        "type": _type(oparl_type),
        "created": stamp(created),
        "modified": stamp(modified),
        "deleted": True,
    }


def _public_organ(organ: Organ | None) -> bool:
    return organ is not None and organ.is_public


def _annotated(obj: Any) -> tuple[dt.datetime, dt.datetime]:
    """The `oparl_created` and `oparl_modified` the API's querysets annotate (api.selectors)."""
    return obj.oparl_created, obj.oparl_modified


def _common(obj: Any) -> dict[str, Any]:
    return {"created": stamp(obj.oparl_created), "modified": stamp(obj.oparl_modified)}


def _local(day: dt.date, time: dt.time) -> str:
    return timezone.make_aware(dt.datetime.combine(day, time)).isoformat()


# --- System, Body, LegislativeTerm --------------------------------------------------------------------------


def system(bodies: list[selectors.Body]) -> dict[str, Any]:
    return compact(
        {
            "id": site_url("/api/"),
            "type": _type("System"),
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "license": LICENSE,
            "body": site_url("/api/bodies/"),
            "name": "LGL-portalen, öppna data",
            "website": site_url("/"),
            "web": site_url("/"),
            "created": stamp(min((b.created for b in bodies), default=None)),
            "modified": stamp(max((b.modified for b in bodies), default=None)),
            "lgl:openapi": site_url("/api/schema/"),
            "lgl:documentation": site_url("/api/dokumentation/"),
        }
    )


def body(b: selectors.Body, terms: list[selectors.LegislativeTerm]) -> dict[str, Any]:
    base = f"/api/bodies/{b.key}/"
    return compact(
        {
            "id": site_url(base),
            "type": _type("Body"),
            "system": site_url("/api/"),
            "name": b.name,
            "shortName": b.short_name,
            "classification": b.classification,
            "license": LICENSE,
            "organization": site_url(base + "organizations/"),
            "person": site_url(base + "people/"),
            "meeting": site_url(base + "meetings/"),
            "paper": site_url(base + "papers/"),
            "legislativeTerm": [legislative_term(t) for t in terms],
            "legislativeTermList": site_url(base + "legislative-terms/"),
            "web": site_url(f"/organ/{b.top_organ.slug}/") if b.top_organ else "",
            "created": stamp(b.created),
            "modified": stamp(b.modified),
            "lgl:county": b.county.name,
        }
    )


def legislative_term(t: selectors.LegislativeTerm) -> dict[str, Any]:
    return {
        "id": url("legislative-terms", t.key),
        "type": _type("LegislativeTerm"),
        "body": url("bodies", t.body_key),
        "name": f"Mandatperioden {t.start.year}–{t.end.year}",
        "startDate": t.start.isoformat(),
        "endDate": t.end.isoformat(),
        "created": stamp(t.stamp),
        "modified": stamp(t.stamp),
    }


# --- Organization, Person, Membership -------------------------------------------------------------------------


def organization(o: Organ, membership_ids: list[int]) -> dict[str, Any]:
    return compact(
        {
            "id": url("organizations", o.pk),
            "type": _type("Organization"),
            "body": url("bodies", selectors.body_of_organ(o)),
            "name": o.name,
            "shortName": o.short_name,
            "membership": [url("memberships", pk) for pk in membership_ids],
            "meeting": site_url(f"/api/meetings/?organization={o.pk}"),
            "subOrganizationOf": url("organizations", o.parent_id)
            if o.parent is not None and o.parent.is_public
            else "",
            "organizationType": o.get_kind_display(),
            "classification": o.get_kind_display(),
            "web": site_url(f"/organ/{o.slug}/"),
            "lgl:purpose": o.purpose,
            **_common(o),
        }
    )


def membership(m: Membership) -> dict[str, Any]:
    return compact(
        {
            "id": url("memberships", m.pk),
            "type": _type("Membership"),
            "person": url("people", m.person_id),
            "organization": url("organizations", m.organ_id),
            "role": m.get_role_display(),
            "votingRight": m.role in Membership.DECIDING_ROLES,
            "startDate": m.start_date.isoformat(),
            "endDate": m.end_date.isoformat() if m.end_date else "",
            # The organisation a member represents is not an OParl Organization (it does not meet), so it is
            # named rather than linked.
            "lgl:representing": m.representing.name if m.representing is not None else "",
            **_common(m),
        }
    )


def person(p: Person, memberships: list[Membership], body_key: str | None) -> dict[str, Any]:
    anonymised = p.anonymised_at is not None
    return compact(
        {
            "id": url("people", p.pk),
            "type": _type("Person"),
            "body": url("bodies", body_key) if body_key else "",
            "name": p.public_name if anonymised else p.name,
            "title": [] if anonymised or not p.title else [p.title],
            "membership": [membership(m) for m in memberships],
            "lgl:party": "" if anonymised else p.party,
            **_common(p),
        }
    )


# --- Files ----------------------------------------------------------------------------------------------------


def attachment_file(a: Attachment) -> dict[str, Any]:
    link_only = bool(a.url) and not a.file
    name = a.file.name.rsplit("/", 1)[-1] if a.file else ""
    return compact(
        {
            "id": url("files", a.pk),
            "type": _type("File"),
            "name": a.title,
            "fileName": name,
            "mimeType": a.content_type,
            "size": a.size or None,
            "accessUrl": site_url(f"/moten/handling/{a.pk}/"),
            "downloadUrl": "" if link_only else site_url(f"/moten/handling/{a.pk}/"),
            "externalServiceUrl": a.url if link_only else "",
            "agendaItem": [url("agenda-items", a.item_id)],
            "lgl:kind": a.get_kind_display(),
            **_common(a),
        }
    )


def protocol_file(job: DocumentJob) -> dict[str, Any]:
    return compact(
        {
            "id": url("protocol-files", job.pk),
            "type": _type("File"),
            "name": job.title or job.get_kind_display(),
            "fileName": f"protokoll-{job.meeting_id}-v{job.protocol_version}.pdf",
            "mimeType": "application/pdf",
            "size": _size(job),
            "sha512Checksum": "",
            "accessUrl": site_url(f"/dokument/{job.pk}/fil/"),
            "downloadUrl": site_url(f"/dokument/{job.pk}/fil/"),
            "meeting": [url("meetings", job.meeting_id)],
            "lgl:protocolVersion": job.protocol_version,
            **_common(job),
        }
    )


def _size(job: DocumentJob) -> int | None:
    try:
        return job.file.size or None
    except (FileNotFoundError, OSError, ValueError):
        return None


def proposal_file(doc: ProposalDocument) -> dict[str, Any]:
    return compact(
        {
            "id": url("proposal-files", doc.pk),
            "type": _type("File"),
            "name": doc.title,
            "fileName": doc.file.name.rsplit("/", 1)[-1],
            "mimeType": doc.content_type,
            "accessUrl": site_url(f"/ratificering/{doc.case.slug}/handlingar/{doc.pk}/"),
            "paper": [url("proposals", doc.case_id)],
            **_common(doc),
        }
    )


# --- Meeting, Location, AgendaItem ---------------------------------------------------------------------------


@dataclass
class MeetingParts:
    """What a meeting embeds, loaded for a whole page of meetings at once."""

    items: dict[int, list[AgendaItem]] = field(default_factory=dict)
    files: dict[int, list[Attachment]] = field(default_factory=dict)
    protocols: dict[int, DocumentJob] = field(default_factory=dict)
    # agenda item id -> public decision id (the paper handled at that item)
    papers: dict[int, int] = field(default_factory=dict)
    # agenda item id -> the computed result of its roll call (public once justerat; never a confidential one)
    votes: dict[int, voting.Tally] = field(default_factory=dict)


def location(m: Meeting) -> dict[str, Any]:
    return compact(
        {
            "id": url("locations", m.pk),
            "type": _type("Location"),
            "description": m.location,
            "meetings": [url("meetings", m.pk)],
            **_common(m),
        }
    )


def meeting(m: Meeting, parts: MeetingParts) -> dict[str, Any]:
    protocol = parts.protocols.get(m.pk)
    start = _local(m.date, m.start_time) if m.start_time else ""
    end = _local(m.date, m.end_time) if m.start_time and m.end_time else ""
    return compact(
        {
            "id": url("meetings", m.pk),
            "type": _type("Meeting"),
            "name": m.title or f"{m.organ.name} {m.date.isoformat()}",
            "meetingState": "Inställt" if m.cancelled_at else m.get_status_display(),
            "cancelled": m.cancelled_at is not None,
            "lgl:cancellationReason": m.cancellation_reason if m.cancelled_at else "",
            "start": start,
            "end": end,
            "location": location(m) if m.location else None,
            "organization": [url("organizations", m.organ_id)],
            "resultsProtocol": protocol_file(protocol) if protocol else None,
            "agendaItem": [agenda_item(i, parts) for i in parts.items.get(m.pk, [])],
            "web": site_url(f"/moten/{m.pk}/"),
            # The day is always known; the time may not be (then `start` is left out rather than invented).
            "lgl:date": m.date.isoformat(),
            # The bevis om anslag with the same dates the meeting page and the PDF print (lgl_portal/law), once
            # the protocol has been posted.
            "lgl:anslag": meeting_selectors.anslag_open_data(meeting=m),
            **_common(m),
        }
    )


def _vote(tally: voting.Tally | None) -> dict[str, Any] | None:
    """A roll call's counts and result (meetings.voting): the names stay in the protocol."""
    if tally is None:
        return None
    return {
        "yes": tally.ja,
        "no": tally.nej,
        "abstained": tally.avstar,
        "result": {voting.JA: "yes", voting.NEJ: "no"}.get(tally.winner, ""),
        "chairsCastingVote": tally.casting_vote,
    }


def agenda_item(i: AgendaItem, parts: MeetingParts) -> dict[str, Any]:
    paper_id = parts.papers.get(i.pk)
    locked = i.meeting.status in Meeting.LOCKED_STATUSES
    return compact(
        {
            "id": url("agenda-items", i.pk),
            "type": _type("AgendaItem"),
            "meeting": url("meetings", i.meeting_id),
            "number": i.organ.format_paragraph(i.paragraph_number, i.paragraph_year),
            "order": i.position,
            "name": i.title,
            "public": True,
            "consultation": site_url(f"/api/papers/{paper_id}/consultation/") if paper_id else "",
            # The decision text is public only once the protocol is justerat.
            "resolutionText": i.decision_text if locked else "",
            "auxiliaryFile": [attachment_file(a) for a in parts.files.get(i.pk, [])],
            "web": site_url(f"/moten/{i.meeting_id}/#arende-{i.pk}"),
            "lgl:kind": i.get_kind_display(),
            "lgl:caseNumber": i.diarienummer,
            "lgl:vote": _vote(parts.votes.get(i.pk)),
            **_common(i),
        }
    )


# --- Paper, Consultation -------------------------------------------------------------------------------------


def decision_consultation(d: Decision) -> dict[str, Any]:
    """The decision's handling at its own meeting: the organ that decided it, authoritatively."""
    return compact(
        {
            "id": site_url(f"/api/papers/{d.pk}/consultation/"),
            "type": _type("Consultation"),
            "paper": url("papers", d.pk),
            "agendaItem": url("agenda-items", d.agenda_item_id),
            "meeting": url("meetings", d.meeting_id) if d.meeting_id else "",
            "organization": [url("organizations", d.organ_id)],
            "authoritative": True,
            "role": "Beslut",
            **_common(d),
        }
    )


def has_public_consultation(d: Decision) -> bool:
    """Whether the agenda item the decision was taken at is itself public (kallelse sent, not confidential)."""
    item = d.agenda_item
    return bool(item is not None and not item.is_confidential and item.meeting.status in PUBLIC_AGENDA_STATUSES)


def paper(d: Decision, protocol: DocumentJob | None) -> dict[str, Any]:
    if not getattr(d, "oparl_public", True):
        return tombstone("Paper", url("papers", d.pk), *_annotated(d))
    # A decision that holds only if a joint proposal is ratified relates to that proposal.
    condition = getattr(d, "ratification_condition", None)
    public_summary = published_summary_of(d)
    return compact(
        {
            "id": url("papers", d.pk),
            "type": _type("Paper"),
            "body": url("bodies", selectors.body_of_organ(d.organ)),
            "name": d.title,
            "reference": d.diarienummer,
            "date": d.decided_on.isoformat(),
            "paperType": d.get_kind_display(),
            "relatedPaper": [url("proposals", condition.case_id)] if condition else [],
            "mainFile": protocol_file(protocol) if protocol else None,
            "underDirectionOf": [url("organizations", d.organ_id)],
            "consultation": [decision_consultation(d)] if has_public_consultation(d) else [],
            "keyword": [a.name for a in d.areas.all()],
            "web": site_url(f"/beslut/{d.pk}/"),
            "lgl:paragraph": d.paragraph_label,
            "lgl:text": d.text,
            "lgl:condition": d.condition_text,
            "lgl:status": d.get_status_display(),
            "lgl:summary": compact(
                {
                    "title": public_summary.title,
                    "background": public_summary.background,
                    "bullets": public_summary.bullet_list,
                    "published": stamp(public_summary.published_at),
                    "modified": stamp(public_summary.updated_at),
                }
            )
            if public_summary
            else None,
            **_common(d),
        }
    )


def consultation(row: AssemblyDecision) -> dict[str, Any]:
    if row.removed_at is not None:
        return tombstone("Consultation", url("consultations", row.pk), *_annotated(row))
    words = ["ratificering", row.get_outcome_display().lower() if row.outcome else "inte beslutat"]
    return compact(
        {
            "id": url("consultations", row.pk),
            "type": _type("Consultation"),
            "paper": url("proposals", row.case_id),
            "organization": [url("organizations", row.assembly_id)] if _public_organ(row.assembly) else [],
            "authoritative": True,
            "role": "Ratificering",
            "keyword": words,
            "web": site_url(f"/ratificering/{row.case.slug}/#fullmaktige-{row.pk}"),
            "lgl:outcome": row.get_outcome_display() if row.outcome else "",
            "lgl:decidedOn": row.decided_on.isoformat() if row.decided_on else "",
            "lgl:paragraph": row.paragraph_label,
            "lgl:caseNumber": row.case_number,
            "lgl:principal": row.organisation.name,
            **_common(row),
        }
    )


def proposal(
    case: RatificationCase, rows: list[AssemblyDecision], docs: list[ProposalDocument], originating_public: bool
) -> dict[str, Any]:
    organ = case.sending_organ
    return compact(
        {
            "id": url("proposals", case.pk),
            "type": _type("Paper"),
            "body": url("bodies", selectors.body_of_organ(organ)) if organ else "",
            "name": case.title,
            "reference": case.slug,
            "date": timezone.localdate(case.created_at).isoformat(),
            "paperType": "Gemensamt förslag för ratificering",
            "mainFile": proposal_file(docs[0]) if docs else None,
            "auxiliaryFile": [proposal_file(d) for d in docs[1:]],
            "originatorOrganization": [url("organizations", case.sending_organ_id)] if case.sending_organ_id else [],
            "relatedPaper": [url("papers", case.originating_decision_id)] if originating_public else [],
            "consultation": [consultation(r) for r in rows if r.removed_at is None],
            "web": site_url(f"/ratificering/{case.slug}/"),
            "lgl:description": case.description,
            "lgl:deadline": case.deadline.isoformat() if case.deadline else "",
            **_common(case),
        }
    )
