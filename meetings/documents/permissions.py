"""Who may ask for, follow and download documents. The one place this sub-app decides.

A public protocol of a justerat meeting of a public organ is for everyone; every other document is for the
organ's members and secretaries. A kind made from params (a plan's status report) is for whoever asked for it
and for whom the kind's registration says (see registry.py). Requesting and retrying is for those who manage
the organ (sekreterare, samordnare, admins).
"""

from __future__ import annotations

from typing import Any

from groups.permissions import can_manage_organ, can_view_organ_internal, is_admin
from meetings.documents import registry
from meetings.documents.models import DocumentJob
from meetings.models import Meeting


def can_request_documents(user: Any, meeting: Meeting) -> bool:
    return can_manage_organ(user, meeting.organ)


def _is_public_document(job: DocumentJob) -> bool:
    meeting = job.meeting
    return bool(
        job.kind == DocumentJob.Kind.PUBLIC_PROTOCOL
        and meeting is not None
        and meeting.is_locked
        and meeting.organ.is_public
    )


def can_view_job(user: Any, job: DocumentJob) -> bool:
    if _is_public_document(job):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user) or (job.requested_by_id and job.requested_by_id == user.pk):
        return True
    if job.meeting is not None:
        return can_view_organ_internal(user, job.meeting.organ)
    # A kind made from params (a status report) says itself who may follow it, through the registry.
    document_kind = registry.get(job.kind)
    return bool(document_kind and document_kind.can_view and document_kind.can_view(user, job))


def can_download(user: Any, job: DocumentJob) -> bool:
    return job.is_done and can_view_job(user, job)


def can_retry(user: Any, job: DocumentJob) -> bool:
    if job.meeting is not None:
        return can_request_documents(user, job.meeting)
    return is_admin(user) or bool(getattr(user, "is_authenticated", False) and job.requested_by_id == user.pk)


def is_public_document(job: DocumentJob) -> bool:
    return _is_public_document(job)
