"""Writes for expediering: recipients per paragraph, the secretary's one send action, delivery in the worker.

`expediering_send` records one Dispatch per recipient (the outbox) with its protokollsutdrag, orders the sealed
extract PDF, and enqueues delivery after commit. `dispatch_deliver` runs in the worker: it waits for the PDF,
sends the e-mail with the extract attached, and on a failing mail server keeps the row pending with the error
and asks to be retried; after MAX_ATTEMPTS it ends failed, and the page shows why.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import partial
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groups.models import Organisation, Person
from lgl_portal.audit.services import audit_record
from meetings.documents import services as document_services
from meetings.documents.models import DocumentJob
from meetings.expediering import selectors
from meetings.expediering.models import Dispatch, Recipient
from meetings.models import AgendaItem, Meeting, ProtocolExtract

logger = logging.getLogger(__name__)

# Delivery attempts before a dispatch ends failed (the first try and the retries).
MAX_ATTEMPTS = 4
MAX_ERROR_LENGTH = 1000
# A pending row untouched this long was probably never enqueued (broker down): the beat sends it again. Longer
# than the first retry delays, so a scheduled retry usually comes first.
REQUEUE_PENDING_AFTER = dt.timedelta(minutes=5)
# A row in sending this long belongs to a worker that died mid-send.
REQUEUE_SENDING_AFTER = dt.timedelta(minutes=15)
# The Celery name of meetings.expediering.tasks.deliver_dispatch.
DELIVER_TASK = "meetings.expediering.tasks.deliver_dispatch"


class DispatchNotReady(Exception):
    """The extract PDF is still being made: ask again shortly (does not count as an attempt)."""


class TransientDispatchError(Exception):
    """Sending failed in a way a later attempt may not meet again (the mail server was away)."""


def retry_delay(*, attempts: int) -> int:
    """Seconds before the next attempt: LGL_DISPATCH_RETRY_SECONDS, doubled per earlier attempt."""
    base = int(getattr(settings, "LGL_DISPATCH_RETRY_SECONDS", 60))
    return base * 2 ** max(attempts - 1, 0)


# --- Recipients ---------------------------------------------------------------------------------------------


@transaction.atomic
def recipient_add(
    *,
    acting_user: Any,
    items: list[AgendaItem],
    organisation: Organisation | None = None,
    person: Person | None = None,
    email: str = "",
) -> list[Recipient]:
    """Name one recipient for each of `items` ("Beslutet skickas till"). A paragraph that has them already is
    left as it is."""
    email = (email or "").strip()
    if sum(bool(x) for x in (organisation, person, email)) != 1:
        raise ValidationError(_("Välj en organisation, en person eller skriv en e-postadress – en av dem."))
    if not items:
        raise ValidationError({"items": _("Välj minst en paragraf.")})
    meetings = {i.meeting_id for i in items}
    if len(meetings) != 1:
        raise ValidationError({"items": _("Paragraferna måste höra till samma sammanträde.")})
    added = []
    for item in items:
        if organisation is not None:
            existing = Recipient.objects.filter(item=item, organisation=organisation)
        elif person is not None:
            existing = Recipient.objects.filter(item=item, person=person)
        else:
            existing = Recipient.objects.filter(item=item, email__iexact=email)
        if existing.exists():
            continue
        recipient = Recipient.objects.create(item=item, organisation=organisation, person=person, email=email)
        added.append(recipient)
        audit_record(
            acting_user=acting_user,
            action="expediering.recipient_add",
            target=item,
            changes={"recipient": recipient.label},
        )
    return added


@transaction.atomic
def recipient_remove(*, acting_user: Any, recipient: Recipient) -> None:
    audit_record(
        acting_user=acting_user,
        action="expediering.recipient_remove",
        target=recipient.item,
        changes={"recipient": recipient.label},
    )
    recipient.delete()


# --- Sending ------------------------------------------------------------------------------------------------


def dispatch_enqueue(*, dispatch_id: int, countdown: int = 0) -> bool:
    """Hand a dispatch to the broker. Never raises: with the broker down the row stays pending."""
    try:
        # By name, so these services need not import the task module that imports them.
        current_app.send_task(DELIVER_TASK, args=(dispatch_id,), countdown=countdown, retry=False)
    except Exception:
        logger.warning("Expediering %s kunde inte köas nu; den ligger kvar som väntande.", dispatch_id, exc_info=True)
        return False
    return True


@transaction.atomic
def expediering_send(*, acting_user: Any, meeting: Meeting) -> list[Dispatch]:
    """The secretary's one action: each recipient gets the sealed extract of the paragraphs that concern them.

    Paragraphs already sent (or on their way) to a recipient for this protocol version are not sent again, so
    the action can be repeated after adding a recipient. Returns the dispatches it created.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_locked:
        raise ValidationError(_("Protokollet måste vara justerat innan besluten expedieras."))
    created: list[Dispatch] = []
    earlier = list(
        Dispatch.objects.filter(meeting=meeting, protocol_version=meeting.protocol_version).prefetch_related(
            "extract__items"
        )
    )
    for group in selectors.recipient_groups(meeting=meeting):
        covered = {i.pk for d in earlier if d.recipient_key == group.key for i in d.extract.items.all()}
        items = [i for i in group.items if i.pk not in covered]
        if not items:
            continue
        extract = ProtocolExtract.objects.create(
            meeting=meeting,
            recipient=group.organisation,
            recipient_name="" if group.organisation else group.label,
            created_by=acting_user,
        )
        extract.items.set(items)
        job = document_services.document_request(
            acting_user=acting_user, kind=DocumentJob.Kind.EXTRACT, extract=extract
        )
        dispatch = Dispatch.objects.create(
            meeting=meeting,
            recipient_key=group.key,
            organisation=group.organisation,
            person=group.person,
            name=group.label,
            address=group.address,
            extract=extract,
            job=job,
            protocol_version=meeting.protocol_version,
            requested_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        created.append(dispatch)
    if not created:
        raise ValidationError(_("Det finns inget nytt att expediera: alla mottagare har fått sina utdrag."))
    audit_record(
        acting_user=acting_user,
        action="expediering.send",
        target=meeting,
        changes={"recipients": [d.name for d in created], "protocol_version": meeting.protocol_version},
    )
    for dispatch in created:
        transaction.on_commit(partial(dispatch_enqueue, dispatch_id=dispatch.pk))
    return created


@transaction.atomic
def dispatch_retry(*, acting_user: Any, meeting: Meeting, dispatch_ids: list[int] | None = None) -> list[Dispatch]:
    """Send failed dispatches again (the page's "Försök igen"), with a fresh count of attempts."""
    failed = Dispatch.objects.select_for_update().filter(meeting=meeting, status=Dispatch.Status.FAILED)
    if dispatch_ids is not None:
        failed = failed.filter(pk__in=dispatch_ids)
    rows = list(failed)
    if not rows:
        raise ValidationError(_("Det finns inget misslyckat utskick att försöka igen."))
    for dispatch in rows:
        Dispatch.objects.filter(pk=dispatch.pk).update(
            status=Dispatch.Status.PENDING, attempts=0, updated_at=timezone.now()
        )
        audit_record(
            acting_user=acting_user, action="expediering.retry", target=dispatch, changes={"to": dispatch.address}
        )
        transaction.on_commit(partial(dispatch_enqueue, dispatch_id=dispatch.pk))
    return rows


def _file_name(dispatch: Dispatch) -> str:
    meeting = dispatch.meeting
    labels = "-".join(re.sub(r"\D+", "", i.paragraph_label or "") for i in dispatch.extract.items.all())
    organ = slugify(meeting.organ.short_name or meeting.organ.name)
    return f"protokollsutdrag-{organ}-{meeting.date:%Y-%m-%d}-{labels}.pdf"


def _message(dispatch: Dispatch, pdf: bytes) -> EmailMessage:
    meeting = dispatch.meeting
    items = sorted(dispatch.extract.items.all(), key=lambda i: i.position)
    lines = "\n".join(f"  {i.paragraph_label} {i.title}" for i in items)
    subject = _("Protokollsutdrag: %(organ)s %(date)s, %(labels)s") % {
        "organ": meeting.organ.name,
        "date": f"{meeting.date:%Y-%m-%d}",
        "labels": ", ".join(i.paragraph_label for i in items),
    }
    body = _(
        "Till %(name)s\n\n"
        "Bifogat finns protokollsutdrag ur protokollet från %(organ)s sammanträde den %(date)s "
        "(protokollversion %(version)s):\n\n%(lines)s\n\n"
        "Utdraget är bestyrkt och förseglat med LGL:s elektroniska sigill. Vem som helst kan kontrollera att det "
        "är äkta och oförändrat på %(verify)s.\n"
    ) % {
        "name": dispatch.name,
        "organ": meeting.organ.name,
        "date": f"{meeting.date:%Y-%m-%d}",
        "version": dispatch.protocol_version,
        "lines": lines,
        "verify": f"{settings.SITE_URL}/verifiera/",
    }
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [dispatch.address])
    message.attach(_file_name(dispatch), pdf, "application/pdf")
    return message


@transaction.atomic
def _finish(*, dispatch: Dispatch, status: str, error: str = "", count_attempt: bool = True) -> Dispatch:
    now = timezone.now()
    values: dict[str, Any] = {"status": status, "error": error[:MAX_ERROR_LENGTH], "updated_at": now}
    if count_attempt:
        values["attempts"] = F("attempts") + 1
    if status == Dispatch.Status.SENT:
        values["sent_at"] = now
    # Only the worker that claimed the row may finish it.
    Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.SENDING).update(**values)
    dispatch.refresh_from_db()
    if status != Dispatch.Status.PENDING:
        audit_record(
            acting_user=None,
            action=f"expediering.{status}",
            target=dispatch,
            changes={"to": dispatch.address, "attempts": dispatch.attempts, "error": error[:300]},
        )
    return dispatch


@transaction.atomic
def _claim(*, dispatch_id: int) -> Dispatch | None:
    """Take the dispatch with one conditional UPDATE, so two messages for it (a retry and the beat's resend)
    never send twice: zero rows means another worker has it, or it is finished."""
    if not Dispatch.objects.filter(pk=dispatch_id, status=Dispatch.Status.PENDING).update(
        status=Dispatch.Status.SENDING, updated_at=timezone.now()
    ):
        return None
    return (
        Dispatch.objects.select_related("meeting__organ", "extract", "job")
        .prefetch_related("extract__items")
        .get(pk=dispatch_id)
    )


@transaction.atomic
def _release(*, dispatch: Dispatch) -> None:
    Dispatch.objects.filter(pk=dispatch.pk, status=Dispatch.Status.SENDING).update(
        status=Dispatch.Status.PENDING, updated_at=timezone.now()
    )


def dispatch_deliver(*, dispatch_id: int) -> Dispatch | None:
    """Deliver one dispatch in the worker. Raises DispatchNotReady while its PDF is being made, and
    TransientDispatchError after a failed attempt that will be retried."""
    dispatch = _claim(dispatch_id=dispatch_id)
    if dispatch is None:
        return Dispatch.objects.filter(pk=dispatch_id).first()  # sent, failed for good, taken, or gone
    if not dispatch.address:
        return _finish(
            dispatch=dispatch,
            status=Dispatch.Status.FAILED,
            error=_("%(name)s har ingen e-postadress i registret.") % {"name": dispatch.name},
        )
    job = dispatch.job
    if job is None:
        return _finish(dispatch=dispatch, status=Dispatch.Status.FAILED, error=_("Utdraget saknas."))
    if job.status == DocumentJob.Status.PENDING:
        # Render it here rather than wait for the queue; the job's own claim makes sure only one worker does.
        document_services.document_render(job_id=job.pk)
        job.refresh_from_db()
    if job.status in (DocumentJob.Status.PENDING, DocumentJob.Status.RENDERING):
        _release(dispatch=dispatch)
        raise DispatchNotReady(dispatch_id)
    if job.status == DocumentJob.Status.FAILED or not job.file:
        return _finish(
            dispatch=dispatch,
            status=Dispatch.Status.FAILED,
            error=_("Utdraget kunde inte skapas: %(error)s") % {"error": job.error},
        )
    try:
        with job.file.open("rb") as handle:
            pdf = handle.read()
        _message(dispatch, pdf).send(fail_silently=False)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        logger.warning("Expediering %s till %s misslyckades: %s", dispatch.pk, dispatch.address, error)
        final = dispatch.attempts + 1 >= MAX_ATTEMPTS
        dispatch = _finish(
            dispatch=dispatch, status=Dispatch.Status.FAILED if final else Dispatch.Status.PENDING, error=error
        )
        if final:
            return dispatch
        raise TransientDispatchError(error) from exc
    return _finish(dispatch=dispatch, status=Dispatch.Status.SENT)


@transaction.atomic
def dispatch_requeue_stale(*, now: dt.datetime | None = None) -> list[int]:
    """The beat task: send again what never reached the broker (pending for a while), and free rows whose
    worker died while sending. A resend of a row whose retry is already scheduled is harmless: one claims it."""
    now = now or timezone.now()
    stale = Dispatch.objects.select_for_update(skip_locked=True).filter(
        Q(status=Dispatch.Status.PENDING, updated_at__lt=now - REQUEUE_PENDING_AFTER)
        | Q(status=Dispatch.Status.SENDING, updated_at__lt=now - REQUEUE_SENDING_AFTER)
    )
    ids = list(stale.values_list("pk", flat=True))
    Dispatch.objects.filter(pk__in=ids).update(status=Dispatch.Status.PENDING, updated_at=now)
    for dispatch_id in ids:
        transaction.on_commit(partial(dispatch_enqueue, dispatch_id=dispatch_id))
    return ids
