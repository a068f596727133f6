"""The answer /verifiera/ gives, in plain Swedish, for a file or a checksum. The page and the API both use it.

Three answers: the file is a document the portal sealed and it is unchanged (the register knows its checksum);
it was changed after sealing (it carries the portal's seal, but the bytes no longer match what was sealed);
or the portal does not know it. The seal itself is checked with pyHanko against the configured trust root,
so a sealed file whose checksum the register has lost is still recognised as sealed and unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lgl_portal.core.dates import long_date
from meetings.documents import sealing
from meetings.documents.models import DocumentJob, SealedFile
from verification import selectors

SEALED = "sealed"
CHANGED = "changed"
UNKNOWN = "unknown"


@dataclass
class Verdict:
    outcome: str
    headline: str
    explanation: list[str] = field(default_factory=list)
    sha256: str = ""
    record: SealedFile | None = None
    check: sealing.SealCheck | None = None

    @property
    def document(self) -> dict[str, Any] | None:
        if self.record is None:
            return None
        job = self.record.job
        meeting = job.meeting
        return {
            "kind": job.kind,
            "kind_label": str(DocumentJob.Kind(job.kind).label),
            "organ": meeting.organ.name if meeting else "",
            "meeting_date": meeting.date.isoformat() if meeting else None,
            "protocol_version": job.protocol_version,
            "latest_protocol_version": meeting.protocol_version if meeting else None,
            "paragraphs": _paragraph_labels(job),
            "sealed_at": self.record.sealed_at.isoformat(),
            "meeting_url": reverse("meetings:meeting_detail", args=[meeting.pk]) if meeting else None,
        }

    def as_json(self) -> dict[str, Any]:
        check = self.check
        return {
            "outcome": self.outcome,
            "headline": self.headline,
            "explanation": self.explanation,
            "sha256": self.sha256,
            "document": self.document,
            "seal": None
            if check is None or not check.signed
            else {
                "intact": check.intact,
                "trusted": check.trusted,
                "covers_whole_file": check.whole_file,
                "signing_time": check.signing_time.isoformat() if check.signing_time else None,
                "signer": check.signer,
                "reason": check.reason,
            },
        }


def _when(value: dt.datetime | None) -> str:
    return date_filter(timezone.localtime(value), "j F Y \\k\\l. H.i") if value else ""


def _paragraph_labels(job: DocumentJob) -> list[str]:
    if job.extract is None:
        return []
    items = sorted(job.extract.items.all(), key=lambda i: i.position)
    return [i.paragraph_label or f"{i.position}." for i in items]


def describe(record: SealedFile) -> str:
    """What the sealed file is, as a sentence part: 'det justerade protokollet från X:s sammanträde den …'."""
    job = record.job
    meeting = job.meeting
    where = _("sammanträdet med %(organ)s den %(date)s") % {
        "organ": meeting.organ.name if meeting else _("okänt organ"),
        "date": long_date(meeting.date) if meeting else "",
    }
    values = {"where": where, "version": job.protocol_version}
    if job.kind == DocumentJob.Kind.PUBLIC_PROTOCOL:
        return _("den offentliga versionen av det justerade protokollet från %(where)s, version %(version)s") % values
    if job.kind == DocumentJob.Kind.EXTRACT:
        labels = ", ".join(_paragraph_labels(job))
        return _(
            "ett protokollsutdrag (%(labels)s) ur det justerade protokollet från %(where)s, version %(version)s"
        ) % {
            **values,
            "labels": labels,
        }
    return _("det justerade protokollet från %(where)s, version %(version)s") % values


def _later_version_note(record: SealedFile) -> list[str]:
    meeting = record.job.meeting
    if meeting is None or meeting.protocol_version <= record.job.protocol_version:
        return []
    return [
        _("Observera: protokollet har rättats efter detta. Den gällande versionen är version %(version)s.")
        % {"version": meeting.protocol_version}
    ]


def _sealed(record: SealedFile, *, sha256: str, check: sealing.SealCheck | None) -> Verdict:
    return Verdict(
        outcome=SEALED,
        headline=_("Äkta och oförändrad"),
        explanation=[
            _("Det här är %(what)s.") % {"what": describe(record)},
            _("Portalen förseglade filen %(when)s, och den är oförändrad sedan dess.")
            % {"when": _when(record.sealed_at)},
            *_later_version_note(record),
        ],
        sha256=sha256,
        record=record,
        check=check,
    )


def _unknown(*, sha256: str, reason: str, check: sealing.SealCheck | None = None) -> Verdict:
    return Verdict(
        outcome=UNKNOWN,
        headline=_("Okänd för portalen"),
        explanation=[
            reason,
            _(
                "Det betyder inte att filen är förfalskad, bara att portalen inte kan gå i god för den. "
                "Justerade protokoll finns att hämta på respektive mötessida."
            ),
        ],
        sha256=sha256,
        check=check,
    )


def verdict_for_checksum(sha256: str) -> Verdict:
    record = selectors.sealed_file_by_sha256(sha256=sha256)
    if record is not None:
        return _sealed(record, sha256=sha256, check=None)
    return _unknown(sha256=sha256, reason=_("Ingen fil som portalen har förseglat har den kontrollsumman."))


def verdict_for_file(data: bytes) -> Verdict:
    sha256 = sealing.sha256(data)
    check = sealing.check_seal(data)
    record = selectors.sealed_file_by_sha256(sha256=sha256)
    if record is not None:
        # The register knows these exact bytes: that alone answers, whatever the trust store says today.
        return _sealed(record, sha256=sha256, check=check)
    if check.signed:
        original = selectors.sealed_file_by_signature(signature_sha256=check.signature_sha256)
        if check.valid and original is not None:
            return _sealed(original, sha256=sha256, check=check)
        if check.valid:
            return Verdict(
                outcome=SEALED,
                headline=_("Äkta och oförändrad"),
                explanation=[
                    _("Filen bär portalens sigill och är oförändrad sedan den förseglades %(when)s.")
                    % {"when": _when(check.signing_time)},
                    _("Portalens register saknar uppgift om vilket sammanträde den hör till."),
                ],
                sha256=sha256,
                check=check,
            )
        if original is not None or (check.trusted and not check.whole_file):
            what = (
                _("Sigillet hör till %(what)s.") % {"what": describe(original)}
                if original is not None
                else _("Filen bär portalens sigill.")
            )
            return Verdict(
                outcome=CHANGED,
                headline=_("Ändrad efter förseglingen"),
                explanation=[
                    what,
                    _(
                        "Men innehållet stämmer inte längre med det som förseglades: filen har ändrats efteråt. "
                        "Lita inte på den här kopian; hämta originalet från mötessidan."
                    ),
                ],
                sha256=sha256,
                record=original,
                check=check,
            )
        return _unknown(
            sha256=sha256,
            reason=_("Filen har en elektronisk underskrift, men inte ett giltigt sigill från portalen."),
            check=check,
        )
    return _unknown(
        sha256=sha256,
        reason=_("Filen har inget sigill från portalen, och ingen fil som portalen förseglat har samma innehåll."),
        check=check,
    )
