"""Writes of the search index's derived data: the public vocabulary and the extracted text of handlingar.

Nothing here is a person's act, so these functions take no acting_user and write no audit entry; what they
store is recomputed from rows that the audited services wrote. Visibility is never decided here: the
vocabulary reads the public selectors, and a handling's text is searched through the selectors' rules.

Handlingar follow the PDF orders' outbox pattern (meetings.documents): `handling_texts_queue` creates a
`vantar` row for each uploaded file that has none, the worker takes the row with a conditional UPDATE (two
workers never extract the same file), retries transient errors (the file store not answering) with
backoff, and a file that cannot be read ends as `misslyckades` with its reason, once, never a 500.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from decisions import selectors
from decisions.models import HandlingText, SearchTerm
from meetings.models import Attachment

EXTRACT_TASK = "decisions.tasks.extract_handling_text"
# A handling's text is cut here: the search needs words, not whole annual reports (and tsvector has a 1 MB cap).
MAX_TEXT = 400_000
WORD_MIN, WORD_MAX = 4, 40


class TransientExtractError(Exception):
    """The file could not be read now (storage); the task retries."""


class UnreadableFile(Exception):
    """The file is broken or of a kind without text; its row ends as failed with this message."""


# --- Vocabulary for "Menade du …?" -----------------------------------------------------------------------


def _vocabulary_sources() -> list[tuple[str, tuple[Any, ...]]]:
    """SQL for the 'simple' tsvector of each public document (words as typed, not stemmed)."""
    sources = [
        selectors.public_summaries().annotate(doc=SearchVector("title", "bullets", "background", config="simple")),
        selectors.public_decisions()
        .filter(has_published_summary=False)
        .annotate(doc=SearchVector("title", "text", "condition_text", config="simple")),
        selectors.public_agenda_items().annotate(
            doc=SearchVector("title", "summary", "proposal", "decision_text", config="simple")
        ),
        HandlingText.objects.filter(
            status=HandlingText.Status.KLAR, attachment__in=selectors.public_attachments()
        ).annotate(doc=SearchVector("text", config="simple")),
    ]
    return [qs.values("doc").query.sql_with_params() for qs in sources]


@transaction.atomic
def search_vocabulary_refresh() -> int:
    """Rebuild SearchTerm from the public documents only; returns the number of words. PostgreSQL only."""
    if connection.vendor != "postgresql":
        return 0
    sqls: list[str] = []
    params: list[Any] = []
    for sql, p in _vocabulary_sources():
        sqls.append(f"({sql})")
        params.extend(p)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {SearchTerm._meta.db_table}")
        # The subqueries are the ORM's own SQL for the public selectors, their values passed as parameters.
        union = " UNION ALL ".join(sqls)
        insert = (
            f"INSERT INTO {SearchTerm._meta.db_table} (word, frequency) "  # noqa: S608
            f"SELECT w, count(*) FROM ({union}) AS d(doc), unnest(tsvector_to_array(d.doc)) AS w "
            "WHERE length(w) BETWEEN %s AND %s AND w ~ '^[[:alpha:]]+$' GROUP BY w"
        )
        cursor.execute(insert, [*params, WORD_MIN, WORD_MAX])
        return cursor.rowcount


# --- Text of handlingar ----------------------------------------------------------------------------------


# A row taken longer ago than this belongs to a worker that died (acks_late re-delivers the task, but a lost
# message would leave the row taken for ever): it waits again.
STALE_AFTER = dt.timedelta(minutes=15)


def handling_texts_queue(*, now: dt.datetime | None = None) -> list[int]:
    """A `vantar` row for every uploaded file without one, and stale taken rows back to `vantar` (the beat
    task calls this, then enqueues every waiting row)."""
    now = now or timezone.now()
    HandlingText.objects.filter(status=HandlingText.Status.PAGAR, updated_at__lt=now - STALE_AFTER).update(
        status=HandlingText.Status.VANTAR, updated_at=now
    )
    missing = Attachment.objects.exclude(file="").filter(extracted_text__isnull=True).values_list("pk", flat=True)
    ids = list(missing[:500])
    HandlingText.objects.bulk_create([HandlingText(attachment_id=pk) for pk in ids], ignore_conflicts=True)
    return ids


def pending_handling_texts() -> list[int]:
    return list(
        HandlingText.objects.filter(status=HandlingText.Status.VANTAR).values_list("attachment_id", flat=True)[:500]
    )


def _claim(attachment_id: int) -> bool:
    return bool(
        HandlingText.objects.filter(attachment_id=attachment_id, status=HandlingText.Status.VANTAR).update(
            status=HandlingText.Status.PAGAR, attempts=F("attempts") + 1, updated_at=timezone.now()
        )
    )


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableFile("PDF-filen är krypterad.")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile("PDF-filen går inte att läsa.") from exc


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile("Word-filen går inte att läsa.") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile("Excel-filen går inte att läsa.") from exc
    parts = []
    for sheet in workbook.worksheets:
        parts.append(str(sheet.title))
        for row in sheet.iter_rows(values_only=True):
            parts.append(" ".join(str(v) for v in row if v is not None))
    return "\n".join(parts)


EXTRACTORS = {".pdf": _pdf_text, ".docx": _docx_text, ".xlsx": _xlsx_text}


def text_of_file(name: str, data: bytes) -> str | None:
    """The text of a PDF, DOCX or XLSX; None for kinds without text (images, ODF); UnreadableFile if broken."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    extractor = EXTRACTORS.get(suffix)
    if extractor is None:
        return None
    # NUL bytes cannot be stored in PostgreSQL text.
    return extractor(data).replace("\x00", " ")[:MAX_TEXT]


def handling_text_extract(*, attachment_id: int, final_attempt: bool = True) -> HandlingText | None:
    """Extract one file's text. None when the row is not `vantar` (done, failed, or another worker has it)."""
    if not _claim(attachment_id):
        return None
    row = HandlingText.objects.select_related("attachment").get(attachment_id=attachment_id)
    try:
        with row.attachment.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return _finish(row, status=HandlingText.Status.MISSLYCKADES, error="Filen saknas i lagringen.")
    except OSError as exc:
        if not final_attempt:
            HandlingText.objects.filter(pk=row.pk).update(status=HandlingText.Status.VANTAR, updated_at=timezone.now())
            raise TransientExtractError(str(exc)) from exc
        return _finish(row, status=HandlingText.Status.MISSLYCKADES, error="Filen kunde inte läsas.")
    try:
        text = text_of_file(row.attachment.file.name, data)
    except UnreadableFile as exc:
        return _finish(row, status=HandlingText.Status.MISSLYCKADES, error=str(exc))
    except Exception:  # a malformed file can raise anything inside a parser: it is the file's fault, not ours
        return _finish(row, status=HandlingText.Status.MISSLYCKADES, error="Filen går inte att läsa.")
    if text is None or not text.strip():
        return _finish(row, status=HandlingText.Status.EJ_TEXT, error="")
    return _finish(row, status=HandlingText.Status.KLAR, error="", text=text)


def _finish(row: HandlingText, *, status: str, error: str, text: str = "") -> HandlingText:
    HandlingText.objects.filter(Q(pk=row.pk) & Q(status=HandlingText.Status.PAGAR)).update(
        status=status, error=error[:300], text=text, updated_at=timezone.now()
    )
    row.refresh_from_db()
    return row
