"""/verifiera/ and /api/verifiera/: anyone checks a PDF or a checksum. Nothing uploaded is stored."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from lgl_portal.core.cache import public_cache
from verification.forms import ChecksumForm, UploadForm
from verification.uploads import MemoryOnlyUploadHandler
from verification.verdicts import Verdict, verdict_for_checksum, verdict_for_file


def _page(
    request: HttpRequest, *, upload: UploadForm, checksum: ChecksumForm, verdict: Verdict | None, status: int
) -> HttpResponse:
    return render(
        request,
        "verification/verify.html",
        {"upload_form": upload, "checksum_form": checksum, "verdict": verdict},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt  # only so the upload handler can be set before the body is read; csrf_protect follows
def verify(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        return _verify_upload(request)
    return _verify_get(request)


@csrf_protect
def _verify_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, upload=form, checksum=ChecksumForm(), verdict=None, status=400)
    verdict = verdict_for_file(form.cleaned_data["file"].read())
    return _page(request, upload=UploadForm(), checksum=ChecksumForm(), verdict=verdict, status=200)


@public_cache
def _verify_get(request: HttpRequest) -> HttpResponse:
    if "sha256" not in request.GET:
        return _page(request, upload=UploadForm(), checksum=ChecksumForm(), verdict=None, status=200)
    form = ChecksumForm(request.GET)
    if not form.is_valid():
        return _page(request, upload=UploadForm(), checksum=form, verdict=None, status=400)
    verdict = verdict_for_checksum(form.cleaned_data["sha256"])
    return _page(request, upload=UploadForm(), checksum=form, verdict=verdict, status=200)


def _errors(form: UploadForm | ChecksumForm) -> JsonResponse:
    return JsonResponse({"errors": {k: [str(e) for e in v] for k, v in form.errors.items()}}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt  # no session, no side effect: scripts post a file here with no form to take a token from
def verify_api(request: HttpRequest) -> JsonResponse:
    """GET ?sha256=… or POST a multipart `file`: the verdict as JSON (the same words as the page)."""
    if request.method == "POST":
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _errors(form)
        return JsonResponse(verdict_for_file(form.cleaned_data["file"].read()).as_json())
    if "sha256" not in request.GET:
        return JsonResponse(
            {
                "detail": _("Kontrollera ett förseglat protokoll: ange ?sha256=… eller posta filen i fältet file."),
                "page": reverse("verification:verify"),
            }
        )
    checksum = ChecksumForm(request.GET)
    if not checksum.is_valid():
        return _errors(checksum)
    return JsonResponse(verdict_for_checksum(checksum.cleaned_data["sha256"]).as_json())
