from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from decisions.models import Decision
from decisions.ratification import permissions, selectors, services
from decisions.ratification.expediering import extract_received
from decisions.ratification.forms import CaseForm, ConfirmForm, DayForm, DocumentForm, RegistrationForm, RequiredForm
from decisions.ratification.models import ProposalDocument, RatificationCase
from groups.permissions import organs_managed_by
from lgl_portal.core.access import ensure
from lgl_portal.core.cache import public_cache
from lgl_portal.core.service_forms import handle_service_form


@public_cache
def case_list(request: HttpRequest) -> HttpResponse:
    cases = list(selectors.case_list_public())
    rows = [{"case": case, "status": selectors.case_status(case)} for case in cases]
    can_create = permissions.can_create_case(request.user) or organs_managed_by(request.user).exists()
    return render(request, "ratification/case_list.html", {"rows": rows, "can_create": can_create})


@public_cache
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(slug=slug)
    ensure(request, permissions.can_view_case(request.user, case))
    rows = selectors.required_rows(case)
    return render(
        request,
        "ratification/case_detail.html",
        {
            "case": case,
            "rows": rows,
            "status": selectors.case_status(case, rows),
            "history": selectors.case_history(case=case),
            "can_manage": permissions.can_manage_case(request.user, case),
            "received": extract_received(case=case),
        },
    )


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    decision = None
    decision_id = request.GET.get("beslut", "")
    if decision_id:
        if not decision_id.isdigit():
            raise Http404
        decision = get_object_or_404(Decision.objects.select_related("organ"), pk=int(decision_id))
        ensure(request, permissions.can_create_case_from(request.user, decision))
        organs = None
    else:
        organs = organs_managed_by(request.user)
        ensure(request, permissions.can_create_case(request.user) or organs.exists())
    initial = {"title": decision.title, "description": decision.condition_text} if decision else {}
    return handle_service_form(
        request,
        CaseForm(_posted(request)[0], initial=initial, organs=organs),
        call=lambda data: services.case_create(
            acting_user=request.user,
            title=data["title"],
            description=data["description"],
            deadline=data["deadline"],
            sending_organ=decision.organ if decision else data["sending_organ"],
            originating_decision=decision,
        ),
        success_message=_("Ratificeringsärendet har skapats."),
        success_url=_case_url,
        template="ratification/case_form.html",
        context={"decision": decision, "heading": _("Nytt ratificeringsärende")},
    )


@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(slug=slug)
    ensure(request, permissions.can_manage_case(request.user, case))
    initial = {"title": case.title, "description": case.description, "deadline": case.deadline}
    return handle_service_form(
        request,
        CaseForm(_posted(request)[0], initial=initial),
        call=lambda data: services.case_update(acting_user=request.user, case=case, **data),
        success_message=_("Ärendet har sparats."),
        success_url=_case_url(case),
        template="ratification/case_form.html",
        context={"case": case, "heading": _("Redigera %(title)s") % {"title": case.title}},
    )


@require_http_methods(["GET", "POST"])
def case_required(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(slug=slug)
    ensure(request, permissions.can_manage_case(request.user, case))
    principals = selectors.principals_for_case(case=case)
    current = [r.organisation_id for r in selectors.required_rows(case)]
    return handle_service_form(
        request,
        RequiredForm(_posted(request)[0], initial={"organisations": current}, principals=principals),
        call=lambda data: services.case_set_required(
            acting_user=request.user, case=case, organisations=list(data["organisations"])
        ),
        success_message=_("Listan över fullmäktige som ska besluta har sparats."),
        success_url=_case_url(case),
        template="ratification/required_form.html",
        context={"case": case},
    )


@require_http_methods(["GET", "POST"])
def assembly_register(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    case = selectors.case_get(slug=slug)
    ensure(request, permissions.can_manage_case(request.user, case))
    row = selectors.assembly_decision_get(case=case, pk=pk)
    initial = {
        name: getattr(row, name)
        for name in (
            "outcome",
            "decided_on",
            "paragraph_label",
            "case_number",
            "justerat_on",
            "posted_on",
            "appealed_on",
            "note",
        )
    }
    initial["version"] = row.version
    form = RegistrationForm(*_posted(request), initial=initial)
    return handle_service_form(
        request,
        form,
        call=lambda data: services.assembly_decision_register(
            acting_user=request.user,
            assembly_decision=row,
            expected_version=data["version"],
            data=form.registration(),
        ),
        success_message=_("Beslutet för %(name)s har registrerats.") % {"name": row.organisation.name},
        success_url=_case_url(case),
        template="ratification/register_form.html",
        context={"case": case, "row": row},
    )


@require_http_methods(["GET", "POST"])
def assembly_register_day(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(slug=slug)
    ensure(request, permissions.can_manage_case(request.user, case))
    rows = selectors.case_status(case).missing
    form = DayForm(_posted(request)[0], rows=rows)
    return handle_service_form(
        request,
        form,
        call=lambda data: services.assembly_decisions_register_day(
            acting_user=request.user, case=case, decided_on=data["decided_on"], entries=form.entries()
        ),
        success_message=lambda saved: _("%(n)s beslut har registrerats.") % {"n": len(saved)},
        success_url=_case_url(case),
        template="ratification/day_form.html",
        context={"case": case},
    )


@require_POST
def assembly_confirm_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    case = selectors.case_get(slug=slug)
    ensure(request, permissions.can_manage_case(request.user, case))
    row = selectors.assembly_decision_get(case=case, pk=pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bekräftelsen saknar version. Ladda om sidan och försök igen."))
        return redirect("ratification:missing", slug=case.slug)
    try:
        services.assembly_decision_confirm_change(
            acting_user=request.user, assembly_decision=row, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Ändringen är bekräftad som samma beslut."))
    return redirect("ratification:missing", slug=case.slug)


def case_missing(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(slug=slug)
    ensure(request, permissions.can_manage_case(request.user, case))
    rows = selectors.required_rows(case)
    return render(
        request,
        "ratification/missing.html",
        {"case": case, "status": selectors.case_status(case, rows), "paperwork": selectors.missing_paperwork(rows)},
    )


@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, slug: str) -> HttpResponse:
    case = selectors.case_get(slug=slug)
    ensure(request, permissions.can_manage_case(request.user, case))
    return handle_service_form(
        request,
        DocumentForm(*_posted(request)),
        call=lambda data: services.proposal_document_add(acting_user=request.user, case=case, **data),
        success_message=_("Handlingen har lagts till."),
        success_url=_case_url(case),
        template="ratification/case_form.html",
        context={"case": case, "heading": _("Lägg till handling"), "multipart": True},
    )


def _case_url(case: RatificationCase) -> str:
    return reverse("ratification:case_detail", kwargs={"slug": case.slug})


def document_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    document = get_object_or_404(ProposalDocument.objects.select_related("case"), case__slug=slug, pk=pk)
    ensure(request, permissions.can_view_case(request.user, document.case))
    return _file_response(document.file, document.content_type)


def extract_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    case = selectors.case_get(slug=slug)
    row = selectors.assembly_decision_get(case=case, pk=pk)
    if not row.extract:
        raise Http404
    ensure(request, permissions.can_download_extract(request.user, row))
    return _file_response(row.extract, row.extract_content_type or "application/pdf")


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    # An empty POST (no box ticked) must still bind the form, so `request.POST or None` will not do.
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _file_response(file: object, content_type: str) -> FileResponse:
    try:
        handle = file.open("rb")  # type: ignore[attr-defined]
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = str(file.name).rsplit("/", 1)[-1]  # type: ignore[attr-defined]
    response = FileResponse(handle, content_type=content_type, as_attachment=False, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
