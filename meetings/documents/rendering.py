"""From database rows to the HTML a PDF is made of, and from that HTML to PDF bytes.

The HTML is built in Swedish whatever the visitor's language, so the web process (which hashes it to find an
unchanged document) and the worker (which renders it) produce the very same bytes. WeasyPrint is imported only
inside `html_to_pdf`, which only the worker and the bench call: importing it costs most of a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from groups.models import Membership, Person
from lgl_portal.core.dates import long_date
from lgl_portal.core.richtext import sanitize_html
from meetings import attendance_presentation, presentation, rules
from meetings import selectors as meeting_selectors
from meetings.documents import registry, selectors
from meetings.documents.models import DocumentJob
from meetings.models import AgendaItem, JusteringSignature, Meeting

# Raise when the templates or CSS change in a way that must produce new files for unchanged content.
RENDERER_VERSION = "2"
# Archival (PDF/A-2) and tagged ("a" conformance: structure tree, language, Unicode text) in one variant.
PDF_VARIANT = "pdf/a-2a"
CSS_PATH = "css/pdf/document.css"


class DocumentInputError(Exception):
    """The job cannot be rendered as asked (a missing meeting, say): retrying will not help."""


@dataclass
class RenderInput:
    title: str
    html: str
    content_hash: str


@dataclass
class Paragraph:
    item: AgendaItem
    label: str
    hidden: bool
    presenters: list[str] = field(default_factory=list)
    sections: list[tuple[str, SafeString]] = field(default_factory=list)
    # The proposal alone, for the kallelse, which shows only what the meeting is asked to decide.
    proposal: SafeString = field(default_factory=lambda: mark_safe(""))
    recusal: str = ""
    attachments: list[str] = field(default_factory=list)
    # Issue 13, the frame: the Tillägg mark, "Ärendet utgår. Skäl: …", the Val av justerare text.
    tillagg: bool = False
    handling: str = ""
    justerare: str = ""


@lru_cache(maxsize=1)
def _css_path() -> Path:
    found = finders.find(CSS_PATH)
    if not found:
        raise DocumentInputError(f"{CSS_PATH} saknas")
    return Path(found)


def _css() -> str:
    return _css_path().read_text(encoding="utf-8")


def base_url() -> str:
    # The print CSS is inlined; its font urls are relative to its own folder.
    return _css_path().parent.as_uri() + "/"


def rich(value: str) -> SafeString:
    """Stored HTML, cleaned again (rows written outside the services must not inject markup into the archive)."""
    if not value or not value.strip():
        return mark_safe("")
    if "<" not in value:
        return mark_safe(linebreaks(value, autoescape=True))  # autoescape: the text is escaped before the <p>s
    return mark_safe(sanitize_html(value))


def swedish_date(value: dt.date | dt.datetime | None) -> str:
    return long_date(value)


# The one computation lives in lgl_portal.law via meetings.rules; this name is kept for callers of the renderer.
last_day_for_appeal = rules.appeal_last_day


def _person_line(person: Person | None, *, public: bool) -> str:
    if person is None:
        return ""
    return person.public_name if public else str(person)


def _paragraph(item: AgendaItem, *, public: bool, justerare_text: str = "") -> Paragraph:
    label = presentation.paragraph_label(item)
    if public and item.is_confidential:
        # Nothing of a confidential paragraph but its heading and the legal ground reaches the public file.
        return Paragraph(item=item, label=label, hidden=True, tillagg=item.is_tillagg)
    # The PDF's section headings are h3 (the paragraph's h2): the text's own headings go to h4 and h5.
    sections = presentation.paragraph_sections(item, clean=rich, section_level=3, public=public)
    return Paragraph(
        item=item,
        label=label,
        hidden=False,
        tillagg=item.is_tillagg,
        handling=presentation.handling_line(item),
        justerare=justerare_text if item.is_justerare_choice else "",
        presenters=[presentation.presenter_line(p, public=public) for p in item.presenters.all()],
        sections=[(s.heading, s.html) for s in sections],
        proposal=next((s.html for s in sections if s.name == "proposal"), mark_safe("")),
        recusal=presentation.recusal_line(item, public=public),
        attachments=[presentation.attachment_line(a) for a in item.attachments.all() if a.is_public or not public],
    )


def _approvals(meeting: Meeting, *, public: bool) -> dict[str, Any]:
    """The latest recorded decision per signer, and which protocol version each approval covers.

    Only approvals count as signatures: the justering's (the version it was justerad as) and each approved
    rättelse's (the version it made), so a corrected protocol never implies its signers read the new text.
    """
    latest: dict[int, JusteringSignature] = {}
    for s in meeting.signatures.all():
        current = latest.get(s.person_id)
        if current is None or (s.round, s.pk) > (current.round, current.pk):
            latest[s.person_id] = s
    corrections: dict[int, list[dict[str, Any]]] = {}
    for c in meeting_selectors.approved_corrections(meeting=meeting):
        for a in c.approvals.all():
            corrections.setdefault(a.person_id, []).append({"version": c.version, "at": a.decided_at})

    def line(person: Person | None) -> dict[str, Any]:
        sig = latest.get(person.pk) if person else None
        approved = bool(sig and sig.status == JusteringSignature.Status.APPROVED and sig.decided_at)
        return {
            "name": _person_line(person, public=public),
            "approved": approved,
            "at": sig.decided_at if approved and sig else None,
            "version": sig.protocol_version if approved and sig else None,
            "corrections": corrections.get(person.pk, []) if person else [],
        }

    return {
        "chair": line(meeting.chair) if meeting.chair_id else None,
        "adjusters": [line(p) for p in meeting.adjusters.all()],
        "secretary": _person_line(meeting.secretary, public=public) if meeting.secretary_id else "",
    }


def _meeting_context(meeting: Meeting, *, public: bool) -> dict[str, Any]:
    items = list(meeting.items.all())
    organ = meeting.organ
    frame = meeting_selectors.protocol_frame(meeting=meeting, items=items, public=public)
    return {
        "meeting": meeting,
        "organ": organ,
        "public": public,
        "locked": meeting.is_locked,
        "frame": frame,
        "paragraphs": [_paragraph(i, public=public, justerare_text=frame.justerare_text) for i in items],
        "attendance_sections": attendance_presentation.attendance_sections(meeting=meeting, items=items, public=public),
        "approvals": _approvals(meeting, public=public),
        "storage_place": meeting.storage_place or organ.protocol_storage_place,
        # The same facts the meeting page and the API show; none of them before the anslag has happened.
        "anslag": meeting_selectors.anslag_facts(meeting=meeting),
        "corrections": meeting_selectors.correction_notes(meeting=meeting, public=public),
    }


def _kallelse_context(meeting: Meeting) -> dict[str, Any]:
    roles = selectors.organ_roles_on(organ_id=meeting.organ_id, day=meeting.date)
    called = sorted(
        (m for ms in roles.values() for m in ms if m.role in (*Membership.DECIDING_ROLES, Membership.Role.ERSATTARE)),
        key=lambda m: (list(Membership.Role.values).index(m.role), m.person.name),
    )
    return {
        "meeting": meeting,
        "organ": meeting.organ,
        "paragraphs": [_paragraph(i, public=False) for i in meeting.items.all()],
        "called": called,
    }


def _document_title(kind: str, meeting: Meeting | None, extra: str = "") -> str:
    label = DocumentJob.Kind(kind).label
    if meeting is None:
        return f"{label} {extra}".strip()
    title = f"{label} – {meeting.organ.name} {meeting.date:%Y-%m-%d}"
    return f"{title} – {extra}" if extra else title


def _render(template: str, context: dict[str, Any]) -> str:
    context = {**context, "css": mark_safe(_css())}
    return render_to_string(template, context)


def _hash(kind: str, version: int, html: str) -> str:
    return hashlib.sha256(f"{RENDERER_VERSION}\n{kind}\n{version}\n{html}".encode()).hexdigest()


def render_report(*, title: str, body: str, organ_name: str = "") -> str:
    """A report body built by another app (a plan's status report), wrapped in the PDF layout."""
    return _render(
        "documents/pdf/status_report.html", {"title": title, "body": mark_safe(body), "organ_name": organ_name}
    )


def _load_meeting(meeting_id: int | None) -> Meeting:
    if not meeting_id:
        raise DocumentInputError(_("Sammanträdet saknas."))
    try:
        return selectors.meeting_for_document(meeting_id=meeting_id)
    except Meeting.DoesNotExist as exc:
        raise DocumentInputError(_("Sammanträdet finns inte längre.")) from exc


def _build_protocol(kind: str, meeting_id: int | None) -> registry.Built:
    meeting = _load_meeting(meeting_id)
    context = _meeting_context(meeting, public=kind == DocumentJob.Kind.PUBLIC_PROTOCOL)
    title = _document_title(kind, meeting)
    html = _render("documents/pdf/protocol.html", {**context, "title": title})
    return title, html, meeting.protocol_version


def build_protocol(*, meeting_id: int | None, extract_id: int | None, params: dict[str, Any]) -> registry.Built:
    return _build_protocol(DocumentJob.Kind.PROTOCOL, meeting_id)


def build_public_protocol(*, meeting_id: int | None, extract_id: int | None, params: dict[str, Any]) -> registry.Built:
    return _build_protocol(DocumentJob.Kind.PUBLIC_PROTOCOL, meeting_id)


def build_kallelse(*, meeting_id: int | None, extract_id: int | None, params: dict[str, Any]) -> registry.Built:
    meeting = _load_meeting(meeting_id)
    title = _document_title(DocumentJob.Kind.KALLELSE, meeting)
    html = _render("documents/pdf/kallelse.html", {**_kallelse_context(meeting), "title": title})
    return title, html, meeting.protocol_version


def build_extract(*, meeting_id: int | None, extract_id: int | None, params: dict[str, Any]) -> registry.Built:
    if not extract_id:
        raise DocumentInputError(_("Protokollsutdraget saknas."))
    extract = selectors.extract_for_document(extract_id=extract_id)
    meeting = _load_meeting(extract.meeting_id)
    context = _meeting_context(meeting, public=False)
    wanted = {i.pk for i in extract.items.all()}
    context["paragraphs"] = [p for p in context["paragraphs"] if p.item.pk in wanted]
    labels = ", ".join(p.label for p in context["paragraphs"])
    title = _document_title(DocumentJob.Kind.EXTRACT, meeting, labels)
    html = _render(
        "documents/pdf/extract.html",
        {**context, "title": title, "extract": extract, "recipient": extract.recipient},
    )
    return title, html, meeting.protocol_version


# The kinds this app builds itself; DocumentsConfig.ready() registers them.
MEETING_KINDS = {
    DocumentJob.Kind.PROTOCOL: build_protocol,
    DocumentJob.Kind.PUBLIC_PROTOCOL: build_public_protocol,
    DocumentJob.Kind.KALLELSE: build_kallelse,
    DocumentJob.Kind.EXTRACT: build_extract,
}


def build_input(
    *, kind: str, meeting_id: int | None, extract_id: int | None, params: dict[str, Any] | None
) -> RenderInput:
    """The HTML for a document, its title and its content hash. Reads the database; never imports WeasyPrint."""
    document_kind = registry.get(kind)
    if document_kind is None:
        raise DocumentInputError(_("Okänd dokumenttyp."))
    with translation.override("sv"):
        title, html, version = document_kind.build(meeting_id=meeting_id, extract_id=extract_id, params=params or {})
    return RenderInput(title=title, html=html, content_hash=_hash(kind, version, html))


def _static_roots() -> list[Path]:
    return [Path(d).resolve() for d in settings.STATICFILES_DIRS] + [Path(settings.STATIC_ROOT).resolve()]


def fetch_allowed(url: str, *, own_files: Iterable[Path] = ()) -> bool:
    """What a rendered document may load: the project's static files (print CSS, fonts) and the files the
    document itself names in `own_files` (its attachments). No network, no other path on the machine (issue 15).
    """
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parsed.path)).resolve()
    if path in {Path(f).resolve() for f in own_files}:
        return True
    return any(path.is_relative_to(root) for root in _static_roots())


def _url_fetcher(own_files: Iterable[Path] = ()) -> Any:
    from weasyprint.urls import URLFetcher

    files = list(own_files)

    class ProjectOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not fetch_allowed(url, own_files=files):
                # WeasyPrint logs the error and renders without the resource.
                raise ValueError(f"Hämtning av {url[:200]} är inte tillåten i portalens dokument.")
            return super().fetch(url, headers)

    return ProjectOnlyFetcher(allowed_protocols=("file",), allow_redirects=False)


def html_to_pdf(html: str, *, own_files: Iterable[Path] = ()) -> tuple[bytes, int]:
    """PDF bytes and page count. Imports WeasyPrint here so no web request ever pays for it."""
    import weasyprint

    # WeasyPrint logs every layout step at INFO: a line per page would drown the worker's log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    document = weasyprint.HTML(string=html, base_url=base_url(), url_fetcher=_url_fetcher(own_files)).render(
        pdf_variant=PDF_VARIANT
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)
