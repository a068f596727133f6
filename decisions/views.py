from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from decisions import permissions, selectors, services
from decisions.forms import (
    AccessibilityReportForm,
    AssignmentForm,
    DecisionForm,
    DepublishForm,
    PrivateNoteForm,
    QuestionForm,
    SearchForm,
    SummaryFilterForm,
    SummaryForm,
)
from decisions.models import Assignment, Decision
from groups.permissions import organs_managed_by
from lgl_portal.core.access import ensure
from lgl_portal.core.cache import public_cache
from lgl_portal.core.mail import mail_send, site_report_recipients
from lgl_portal.core.service_forms import handle_service_form
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
    meeting = decision.meeting
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "summary": summary,
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
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "decisions/search.html",
        {"form": form, "results": results},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            mail_send(
                to=site_report_recipients(),
                subject_template="decisions/mail/accessibility_report_subject.txt",
                body_template="decisions/mail/accessibility_report_body.txt",
                context={"page": data["page"] or "-", "email": data["email"] or "-", "text": data["description"]},
                reply_to=[data["email"]] if data["email"] else [],
            )
            messages.success(request, _("Tack! Din rapport är skickad. Vi svarar inom två veckor om du lämnat e-post."))
            return redirect("decisions:accessibility")
        return render(
            request,
            "decisions/accessibility.html",
            {"form": form, "email": settings.LGL_ACCESSIBILITY_CONTACT},
            status=400,
        )
    return _accessibility_page(request)


@public_cache
def _accessibility_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "decisions/accessibility.html",
        {"form": AccessibilityReportForm(), "email": settings.LGL_ACCESSIBILITY_CONTACT},
    )


# --- Members' review ---------------------------------------------------------------------------------------


def my_pages(request: HttpRequest) -> HttpResponse:
    ensure(request, request.user.is_authenticated)
    return render(
        request,
        "decisions/my_pages.html",
        {
            "meetings": selectors.upcoming_meetings_for_review(request.user),
            "questions": selectors.questions_for_secretary(request.user),
            "can_manage": permissions.can_manage_any_decisions(request.user),
            "note_form": PrivateNoteForm(),
            "question_form": QuestionForm(),
        },
    )


@require_POST
def item_read_toggle(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.review_item_get(pk=item_id)
    ensure(request, permissions.can_review_item(request.user, item))
    wanted = request.POST.get("read")
    is_read = services.read_mark_toggle(
        acting_user=request.user, item=item, read=None if wanted is None else wanted == "1"
    )
    if request.htmx:
        return render(request, "decisions/_read_toggle.html", {"item": item, "is_read": is_read})
    return redirect(f"/mina-sidor/#arende-{item.pk}")


@require_POST
def item_note_save(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.review_item_get(pk=item_id)
    ensure(request, permissions.can_review_item(request.user, item))
    form = PrivateNoteForm(request.POST)
    if form.is_valid():
        try:
            services.private_note_save(acting_user=request.user, item=item, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Din anteckning är sparad."))
            return redirect(f"/mina-sidor/#arende-{item.pk}")
    return render(request, "decisions/item_form.html", {"form": form, "item": item, "kind": "note"}, status=400)


@require_POST
def item_question_ask(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.review_item_get(pk=item_id)
    ensure(request, permissions.can_review_item(request.user, item))
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.member_question_ask(
                acting_user=request.user,
                item=item,
                text=form.cleaned_data["text"],
                addressed_to=form.cleaned_data["addressed_to"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Din fråga är skickad."))
            return redirect(f"/mina-sidor/#arende-{item.pk}")
    return render(request, "decisions/item_form.html", {"form": form, "item": item, "kind": "question"}, status=400)


@require_POST
def question_answered(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(pk=pk)
    ensure(request, permissions.can_see_questions(request.user, question.item.meeting))
    services.member_question_mark_answered(acting_user=request.user, question=question)
    messages.success(request, _("Frågan är markerad som besvarad."))
    return redirect("/mina-sidor/#fragor")


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

    def save(cleaned: dict[str, Any]) -> Decision:
        data = dict(cleaned)
        areas = list(data.pop("areas"))
        organ = data.pop("organ")
        agenda_item = data.pop("agenda_item", None)
        if decision:
            return services.decision_update(acting_user=request.user, decision=decision, areas=areas, **data)
        return services.decision_create(
            acting_user=request.user, organ=organ, areas=areas, agenda_item=agenda_item, **data
        )

    return handle_service_form(
        request,
        form,
        call=save,
        success_message=_("Beslutet är sparat."),
        success_url=lambda saved: reverse("decisions:summary_edit", kwargs={"pk": saved.pk}),
        template="decisions/form.html",
        context={"heading": _("Redigera beslut") if decision else _("Registrera beslut"), "decision": decision},
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
    return handle_service_form(
        request,
        SummaryForm(request.POST or None, initial=initial),
        call=lambda data: services.summary_save(acting_user=request.user, decision=decision, **data),
        success_message=_("Sammanfattningen är sparad."),
        success_url=reverse("decisions:summary_edit", kwargs={"pk": decision.pk}),
        template="decisions/summary_edit.html",
        context={"decision": decision, "summary": summary, "depublish_form": DepublishForm()},
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
            {"form": form, "decision": decision, "summary": summary, "depublish_form": DepublishForm()},
            status=400,
        )
    messages.success(request, _("Sammanfattningen är publicerad."))
    return redirect("decisions:summary_edit", pk=decision.pk)


@require_POST
def summary_depublish(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_for_management(pk=pk)
    ensure(request, permissions.can_manage_decisions(request.user, decision.organ))
    summary = selectors.summary_of(decision)
    if summary is None:
        raise Http404
    summary_form = SummaryForm(
        initial={"title": summary.title, "background": summary.background, "bullets": summary.bullets}
    )
    form = DepublishForm(request.POST)
    return handle_service_form(
        request,
        form,
        call=lambda data: services.summary_depublish(acting_user=request.user, summary=summary, reason=data["reason"]),
        success_message=_("Sammanfattningen är avpublicerad."),
        success_url=reverse("decisions:summary_edit", kwargs={"pk": decision.pk}),
        template="decisions/summary_edit.html",
        # The page's main form is the summary; the depublish form with its errors sits beside it.
        context={"form": summary_form, "decision": decision, "summary": summary, "depublish_form": form},
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

    def save(data: dict[str, Any]) -> Assignment:
        if assignment:
            return services.assignment_update(acting_user=request.user, assignment=assignment, **data)
        return services.assignment_create(acting_user=request.user, decision=decision, **data)

    return handle_service_form(
        request,
        AssignmentForm(request.POST or None, organ=decision.organ, initial=initial),
        call=save,
        success_message=_("Uppdraget är sparat."),
        success_url=reverse("decisions:assignment_overview"),
        template="decisions/form.html",
        context={
            "heading": _("Redigera uppdrag") if assignment else _("Nytt uppdrag"),
            "decision": decision,
            "assignment_statuses": Assignment.Status,
        },
    )
