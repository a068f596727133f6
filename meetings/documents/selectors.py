"""Reads for documents: the meeting with everything a protocol prints, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from groups.models import Membership, Person
from meetings import selectors as meeting_selectors
from meetings.documents.models import DocumentJob
from meetings.models import (
    AgendaItem,
    Attendance,
    JusteringSignature,
    Meeting,
    Presenter,
    ProtocolExtract,
    Recusal,
)


def meeting_for_document(*, meeting_id: int) -> Meeting:
    """The meeting with items, presenters, jäv, handlingar, attendance, signatures and justerare prefetched."""
    items = AgendaItem.objects.select_related("organ").prefetch_related(
        Prefetch("presenters", queryset=Presenter.objects.select_related("person__organisation")),
        Prefetch("recusals", queryset=Recusal.objects.select_related("person")),
        "attachments",
        *meeting_selectors.proceedings_prefetches(),
    )
    attendances = Attendance.objects.select_related(
        "person__organisation", "organisation", "replaces"
    ).prefetch_related("ranges")
    return (
        Meeting.objects.select_related("organ", "organ__county", "chair__organisation", "secretary__organisation")
        .prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch("attendances", queryset=attendances),
            Prefetch("signatures", queryset=JusteringSignature.objects.select_related("person")),
            Prefetch("adjusters", queryset=Person.objects.select_related("organisation")),
            "organ__notice_boards",
            "adjournments",
            "notice_postings__organisation",
            meeting_selectors.approved_corrections_prefetch(),
        )
        .get(pk=meeting_id)
    )


def extract_for_document(*, extract_id: int) -> ProtocolExtract:
    return ProtocolExtract.objects.select_related("recipient", "meeting").prefetch_related("items").get(pk=extract_id)


def organ_roles_on(*, organ_id: int, day: dt.date) -> dict[int, list[Membership]]:
    """Active memberships per person on the meeting day, to print '(ordförande)' and who represents whom."""
    out: dict[int, list[Membership]] = {}
    rows = (
        Membership.objects.active_on(day)
        .filter(organ_id=organ_id)
        .select_related("person__organisation", "representing")
    )
    for membership in rows:
        out.setdefault(membership.person_id, []).append(membership)
    return out


def jobs_for_meeting(*, meeting: Meeting, limit: int = 20) -> list[DocumentJob]:
    return list(
        DocumentJob.objects.filter(meeting=meeting)
        .select_related("extract__recipient")
        .order_by("-created_at", "-id")[:limit]
    )


def public_protocol_job(*, meeting: Meeting) -> DocumentJob | None:
    """The finished public version of the meeting's current protocol, for everyone's download link."""
    if not meeting.is_locked:
        return None
    return (
        DocumentJob.objects.filter(
            meeting=meeting,
            kind=DocumentJob.Kind.PUBLIC_PROTOCOL,
            status=DocumentJob.Status.DONE,
            protocol_version=meeting.protocol_version,
        )
        .order_by("-finished_at", "-id")
        .first()
    )


def kallelse_job(*, meeting: Meeting) -> DocumentJob | None:
    """The newest finished kallelse PDF of the meeting (its recipients' download link)."""
    return (
        DocumentJob.objects.filter(meeting=meeting, kind=DocumentJob.Kind.KALLELSE, status=DocumentJob.Status.DONE)
        .order_by("-finished_at", "-id")
        .first()
    )


def job_get(*, job_id: int) -> DocumentJob:
    return DocumentJob.objects.select_related("meeting__organ", "extract__recipient", "requested_by").get(pk=job_id)


def extracts_for_meeting(*, meeting: Meeting) -> QuerySet[ProtocolExtract]:
    return ProtocolExtract.objects.filter(meeting=meeting).select_related("recipient").order_by("created_at", "id")


def stale_jobs(*, now: dt.datetime) -> QuerySet[DocumentJob]:
    """Pending rows nobody picked up, and rendering rows whose worker died (DocumentJob.stuck_q)."""
    return DocumentJob.objects.filter(DocumentJob.stuck_q(now)).order_by("created_at", "id")
