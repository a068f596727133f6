from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lgl_portal.core.access import ensure
from meetings.documents import permissions, selectors, services
from meetings.documents.forms import DocumentRequestForm
from meetings.documents.models import DocumentJob
from meetings.models import Meeting


def _job_or_404(request: HttpRequest, job_id: int) -> DocumentJob:
    try:
        job = selectors.job_get(job_id=job_id)
    except DocumentJob.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.can_view_job(request.user, job):
        # The same 404 as for an id that does not exist, logged in or not, so ids cannot be probed (issue 15);
        # the 404 page offers the login to a visitor who may be a member.
        raise Http404
    return job


def _safe_next(request: HttpRequest, candidate: str | None, fallback: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _status_message(job: DocumentJob) -> str:
    if job.is_done:
        return _("Dokumentet är klart: innehållet är oförändrat sedan det skapades.")
    return _("Dokumentet är beställt och står i kö. Det skapas i bakgrunden; listan visar när det är klart.")


@require_POST
def document_request(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("organ"), pk=meeting_id)
    ensure(request, permissions.can_request_documents(request.user, meeting))
    services.document_requeue_stale_soon()  # in case the beat is down too (rate-limited, in the background)
    form = DocumentRequestForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            job = services.document_request(
                acting_user=request.user,
                kind=form.cleaned_data["kind"],
                meeting=meeting,
                extract=form.cleaned_data.get("extract"),
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _status_message(job))
            fallback = reverse("documents:detail", args=[job.pk])
            return redirect(_safe_next(request, form.cleaned_data.get("next"), fallback))
    return render(request, "documents/request_error.html", {"form": form, "meeting": meeting}, status=400)


@require_GET
def document_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    if job.is_active:
        services.document_requeue_stale_soon()  # the page polls while it waits: re-send if the beat is down
    context = {"job": job, "can_retry": permissions.can_retry(request.user, job)}
    if getattr(request, "htmx", False):
        return render(request, "documents/_job.html", context)
    return render(request, "documents/job_detail.html", context)


@require_GET
def document_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = _job_or_404(request, job_id)
    if not job.is_done:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = f"{(job.title or job.get_kind_display())[:150]}.pdf".replace("/", "-")
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    # Member-only files must not linger in shared caches; the public version may be cached briefly.
    if permissions.is_public_document(job):
        response["Cache-Control"] = "public, max-age=300"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def document_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    ensure(request, permissions.can_retry(request.user, job))
    try:
        job = services.document_retry(acting_user=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Dokumentet har lagts i kö igen."))
    if getattr(request, "htmx", False):
        return render(request, "documents/_job.html", {"job": job, "can_retry": True})
    fallback = reverse("documents:detail", args=[job.pk])
    return redirect(_safe_next(request, request.POST.get("next"), fallback))
