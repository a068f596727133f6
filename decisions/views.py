from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from decisions import permissions, selectors, services
from decisions.forms import AssignmentForm, DecisionForm, DepublishForm, SearchForm, SummaryFilterForm, SummaryForm
from decisions.models import Assignment, Decision
from groups.permissions import organs_managed_by
from lgl_portal.core.access import ensure
from lgl_portal.core.cache import public_cache
from meetings.models import Meeting

# --- Public pages -----------------------------------------------------------------------------------------------


@public_cache
def decision_list(request: HttpRequest) -> HttpResponse:
    form = SummaryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.SummaryFilters(
        organ=selectors.public_organ_by_slug(data.get("organ") or ""),
        year=data.get("year"),
        area=selectors.area_by_slug(data.get("area") or ""),
        after=selectors.parse_cursor(request.GET.get("fore", "")),
    )
    page = selectors.public_summary_page(filters)
    query = request.GET.copy()
    query.pop("fore", None)
    return render(
        request,
        "decisions/decision_list.html",
        {
            "page": page,
            "choices": selectors.public_filter_choices(),
            "filters": filters,
            "base_query": query.urlencode(),
            "is_first_page": filters.after is None,
        },
    )


@public_cache
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.public_decision_get(pk=pk)
    summary = selectors.published_summary_of(decision)
    extras = selectors.public_decision_extras(decision)
    meeting = decision.meeting
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "summary": summary,
            # The published summary's own title when there is one (the page's title, breadcrumb and heading).
            "title": summary.title if summary else decision.title,
            "condition_case": selectors.ratification_case_of(decision),
            "areas": extras.areas,
            "assignments": extras.assignments,
            "not_justerat": meeting is not None and meeting.status not in Meeting.LOCKED_STATUSES,
            "bullets": summary.bullet_list
            if summary
            else [line for line in decision.text.splitlines() if line.strip()],
            "can_manage": permissions.can_manage_decisions(request.user, decision.organ),
        },
    )


@public_cache
def search(request: HttpRequest) -> HttpResponse:
    choices = selectors.public_filter_choices()
    form = SearchForm(request.GET or None, choices=choices)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        results = selectors.search(
            q=data["q"],
            kind=data.get("typ") or None,
            organ=selectors.public_organ_by_slug(data.get("organ") or ""),
            year=data.get("year"),
            user=request.user,
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "decisions/search.html",
        {"form": form, "results": results},
        status=status,
    )


# --- Secretaries -----------------------------------------------------------------------------------------------


def manage_list(request: HttpRequest) -> HttpResponse:
    ensure(request, permissions.can_manage_any_decisions(request.user))
    return render(request, "decisions/manage_list.html", {"decisions": selectors.managed_decisions(request.user)})


def _decision_initial(decision: Decision) -> dict[str, Any]:
    return {
        "organ": decision.organ_id,
        "title": decision.title,
        "decided_on": decision.decided_on,
        "paragraph_label": decision.paragraph_label,
        "diarienummer": decision.diarienummer,
        "kind": decision.kind,
        "status": decision.status,
        "text": decision.text,
        "condition_text": decision.condition_text,
        "areas": list(decision.areas.all()),
    }


@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    decision = selectors.decision_for_management(pk=pk) if pk else None
    if decision:
        ensure(request, permissions.can_manage_decisions(request.user, decision.organ))
    else:
        ensure(request, permissions.can_manage_any_decisions(request.user))
    organs = organs_managed_by(request.user).order_by("name")
    form = DecisionForm(request.POST or None, organs=organs, initial=_decision_initial(decision) if decision else None)
    if decision:
        form.fields["organ"].disabled = True
        # The item is chosen when the decision is registered; moving a decision between items is not offered.
        del form.fields["agenda_item"]
        del form.fields["decision_point"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        areas = list(data.pop("areas"))
        organ = data.pop("organ")
        agenda_item = data.pop("agenda_item", None)
        decision_point = data.pop("decision_point", None)
        try:
            if decision:
                decision = services.decision_update(acting_user=request.user, decision=decision, areas=areas, **data)
            else:
                decision = services.decision_create(
                    acting_user=request.user,
                    organ=organ,
                    areas=areas,
                    agenda_item=agenda_item,
                    decision_point=decision_point,
                    **data,
                )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Beslutet är sparat."))
            return redirect("decisions:summary_edit", pk=decision.pk)
    status = 400 if request.method == "POST" else 200
    heading = _("Redigera beslut") if decision else _("Registrera beslut")
    return render(
        request, "decisions/form.html", {"form": form, "heading": heading, "decision": decision}, status=status
    )


@require_http_methods(["GET", "POST"])
def summary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_management(pk=pk)
    ensure(request, permissions.can_manage_decisions(request.user, decision.organ))
    summary = selectors.summary_of(decision)
    initial = (
        {"title": summary.title, "background": summary.background, "bullets": summary.bullets}
        if summary
        else {"title": decision.title, "bullets": decision.text}
    )
    form = SummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.summary_save(acting_user=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Sammanfattningen är sparad."))
            return redirect("decisions:summary_edit", pk=decision.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "decisions/summary_edit.html",
        {
            "form": form,
            "decision": decision,
            "summary": summary,
            "depublish_form": DepublishForm(),
            "decision_depublish_form": DepublishForm(prefix="decision"),
        },
        status=status,
    )


@require_POST
def summary_publish(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_management(pk=pk)
    ensure(request, permissions.can_manage_decisions(request.user, decision.organ))
    summary = selectors.summary_of(decision)
    if summary is None:
        raise Http404
    try:
        services.summary_publish(acting_user=request.user, summary=summary)
    except ValidationError as exc:
        form = SummaryForm({"title": summary.title, "background": summary.background, "bullets": summary.bullets})
        form.is_valid()
        form.add_service_error(exc)
        return render(
            request,
            "decisions/summary_edit.html",
            {
                "form": form,
                "decision": decision,
                "summary": summary,
                "depublish_form": DepublishForm(),
                "decision_depublish_form": DepublishForm(prefix="decision"),
            },
            status=400,
        )
    messages.success(request, _("Sammanfattningen är publicerad."))
    return redirect("decisions:summary_edit", pk=decision.pk)


def _summary_page_with_decision_error(
    request: HttpRequest, decision: Any, exc: ValidationError, depublish_form: Any = None
) -> HttpResponse:
    summary = selectors.summary_of(decision)
    form = SummaryForm(
        initial={"title": summary.title, "background": summary.background, "bullets": summary.bullets}
        if summary
        else None
    )
    return render(
        request,
        "decisions/summary_edit.html",
        {
            "form": form,
            "decision": decision,
            "summary": summary,
            "depublish_form": DepublishForm(),
            "decision_depublish_form": depublish_form or DepublishForm(prefix="decision"),
            "decision_errors": exc.messages,
        },
        status=400,
    )


@require_POST
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_management(pk=pk)
    ensure(request, permissions.can_manage_decisions(request.user, decision.organ))
    try:
        services.decision_publish(acting_user=request.user, decision=decision)
    except ValidationError as exc:
        return _summary_page_with_decision_error(request, decision, exc)
    messages.success(request, _("Beslutet är publicerat."))
    return redirect("decisions:summary_edit", pk=decision.pk)


@require_POST
def decision_depublish(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_management(pk=pk)
    ensure(request, permissions.can_manage_decisions(request.user, decision.organ))
    form = DepublishForm(request.POST, prefix="decision")
    if form.is_valid():
        try:
            services.decision_depublish(acting_user=request.user, decision=decision, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            return _summary_page_with_decision_error(request, decision, exc, form)
        messages.success(request, _("Beslutet är avpublicerat."))
        return redirect("decisions:summary_edit", pk=decision.pk)
    return _summary_page_with_decision_error(
        request, decision, ValidationError(_("Ange varför beslutet avpubliceras.")), form
    )


@require_POST
def summary_depublish(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_management(pk=pk)
    ensure(request, permissions.can_manage_decisions(request.user, decision.organ))
    summary = selectors.summary_of(decision)
    if summary is None:
        raise Http404
    form = DepublishForm(request.POST)
    if form.is_valid():
        try:
            services.summary_depublish(acting_user=request.user, summary=summary, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Sammanfattningen är avpublicerad."))
            return redirect("decisions:summary_edit", pk=decision.pk)
    summary_form = SummaryForm(
        initial={"title": summary.title, "background": summary.background, "bullets": summary.bullets}
    )
    return render(
        request,
        "decisions/summary_edit.html",
        {
            "form": summary_form,
            "decision": decision,
            "summary": summary,
            "depublish_form": form,
            "decision_depublish_form": DepublishForm(prefix="decision"),
        },
        status=400,
    )


def assignment_overview(request: HttpRequest) -> HttpResponse:
    ensure(request, permissions.can_manage_any_decisions(request.user))
    return render(request, "decisions/assignment_overview.html", {"rows": selectors.assignment_overview(request.user)})


@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, pk: int | None = None, decision_pk: int | None = None) -> HttpResponse:
    assignment = None
    if pk is not None:
        assignment = selectors.assignment_get(pk=pk)
        decision = assignment.decision
        ensure(request, permissions.can_manage_assignment(request.user, assignment))
    else:
        decision = selectors.decision_for_management(pk=decision_pk or 0)
        ensure(request, permissions.can_manage_decisions(request.user, decision.organ))
    initial = None
    if assignment:
        initial = {
            name: getattr(assignment, name)
            for name in ("description", "assignee_organ", "assignee_person", "assignee_organisation", "due_date")
        } | {"status": assignment.status, "reported_back_item": assignment.reported_back_item}
    form = AssignmentForm(request.POST or None, organ=decision.organ, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if assignment:
                services.assignment_update(acting_user=request.user, assignment=assignment, **form.cleaned_data)
            else:
                services.assignment_create(acting_user=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Uppdraget är sparat."))
            return redirect("decisions:assignment_overview")
    status = 400 if request.method == "POST" else 200
    heading = _("Redigera uppdrag") if assignment else _("Nytt uppdrag")
    return render(
        request,
        "decisions/form.html",
        {"form": form, "heading": heading, "decision": decision, "assignment_statuses": Assignment.Status},
        status=status,
    )
