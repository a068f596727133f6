from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from groups.models import Organ, Person
from groups.permissions import can_view_organ_internal
from groups.selectors import principals_of_county
from lgl_portal.core.access import ensure
from lgl_portal.core.cache import public_cache
from lgl_portal.core.service_forms import handle_service_form
from plans import charts, imports, permissions, selectors, services
from plans.forms import (
    ActionForm,
    ImportForm,
    MeasurementForm,
    MilestoneForm,
    ReportLinkForm,
    StatusChangeForm,
    WorkstreamLinksForm,
)
from plans.models import WorkStatus

# --- Samordnande grupper ----------------------------------------------------------------------------------------


@public_cache
def group_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/group_list.html", {"groups": selectors.group_list()})


@public_cache
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organ = selectors.group_get(slug=slug)
    ensure(request, organ.is_public or can_view_organ_internal(request.user, organ))
    return render(
        request,
        "plans/group_detail.html",
        {
            "page": selectors.group_page(organ=organ),
            "organ": organ,
            "can_edit": permissions.can_edit_action_plan_of(request.user, organ),
        },
    )


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    action_plan = selectors.action_plan_get(pk=pk)
    ensure(request, permissions.can_edit_action_plan(request.user, action_plan))
    return handle_service_form(
        request,
        ActionForm(request.POST or None, people=Person.objects.order_by("name")),
        call=lambda data: services.action_create(acting_user=request.user, action_plan=action_plan, **data),
        success_message=_("Aktiviteten har lagts till."),
        success_url=_group_url(action_plan.organ),
        template="plans/form.html",
        context={
            "heading": _("Ny aktivitet i %(plan)s") % {"plan": action_plan.title},
            "back_url": action_plan.organ and f"/grupper/{action_plan.organ.slug}/",
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(pk=pk)
    ensure(request, permissions.can_edit_action_plan(request.user, action.action_plan))
    initial = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner_id,
        "due_date": action.due_date,
        "status": action.status,
    }
    return handle_service_form(
        request,
        ActionForm(request.POST or None, initial=initial, people=Person.objects.order_by("name")),
        call=lambda data: services.action_update(
            acting_user=request.user, action=action, decision=action.decision, **data
        ),
        success_message=_("Aktiviteten har sparats."),
        success_url=_group_url(action.action_plan.organ),
        template="plans/form.html",
        context={"heading": _("Redigera aktivitet"), "back_url": f"/grupper/{action.action_plan.organ.slug}/"},
    )


@require_http_methods(["GET", "POST"])
def action_plan_report(request: HttpRequest, pk: int) -> HttpResponse:
    action_plan = selectors.action_plan_get(pk=pk)
    ensure(request, permissions.can_edit_action_plan(request.user, action_plan))
    return handle_service_form(
        request,
        ReportLinkForm(request.POST or None, items=selectors.reportable_agenda_items(organ=action_plan.organ)),
        call=lambda data: services.actionplan_report_link(
            acting_user=request.user, action_plan=action_plan, agenda_item=data["agenda_item"]
        ),
        success_message=_("Rapporteringen har registrerats med handlingsplanens läge i dag."),
        success_url=_group_url(action_plan.organ),
        template="plans/form.html",
        context={
            "heading": _("Rapportera %(plan)s till %(organ)s")
            % {"plan": action_plan.title, "organ": (action_plan.organ.parent or action_plan.organ).name},
            "intro": _(
                "Handlingsplanens aktiviteter sparas som de ser ut nu och visas tillsammans med ärendet "
                "på gruppens sida."
            ),
            "back_url": f"/grupper/{action_plan.organ.slug}/",
        },
    )


def _group_url(organ: Organ) -> str:
    return reverse("plans:group_detail", kwargs={"slug": organ.slug})


def _workstream_url(workstream_pk: int) -> str:
    return reverse("plans:workstream_detail", kwargs={"pk": workstream_pk})


# --- Plans and workstreams --------------------------------------------------------------------------------------


@public_cache
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/plan_list.html", {"plans": selectors.plan_list(user=request.user)})


@public_cache
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_get(slug=slug)
    ensure(request, permissions.can_view_plan(request.user, plan))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "workstreams": list(plan.workstreams.all()),
            "changes": selectors.plan_recent_changes(plan=plan),
            "can_report": permissions.can_request_status_report(request.user, plan),
        },
    )


@public_cache
def plan_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_get(slug=slug)
    ensure(request, permissions.can_view_plan(request.user, plan))
    return render(request, "plans/plan_timeline.html", {"plan": plan, "timeline": selectors.plan_timeline(plan=plan)})


@require_POST
def plan_status_report(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_get(slug=slug)
    ensure(request, permissions.can_request_status_report(request.user, plan))
    try:
        job = services.status_report_request(acting_user=request.user, plan=plan)
    except ImportError:
        messages.error(request, _("Dokumenttjänsten är inte tillgänglig just nu. Försök igen senare."))
        return redirect("plans:plan_detail", slug=plan.slug)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("plans:plan_detail", slug=plan.slug)
    messages.success(request, _("Statusrapporten skapas. Du kan följa den här."))
    return redirect(f"/dokument/{job.pk}/")


@public_cache
def workstream_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workstream = selectors.workstream_get(pk=pk)
    ensure(request, permissions.can_view_plan(request.user, workstream.plan))
    return render(
        request,
        "plans/workstream_detail.html",
        {"ws": workstream, "can_edit": permissions.can_edit_workstream(request.user, workstream)},
    )


@require_http_methods(["GET", "POST"])
def workstream_status(request: HttpRequest, pk: int) -> HttpResponse:
    workstream = selectors.workstream_get(pk=pk)
    ensure(request, permissions.can_edit_workstream(request.user, workstream))
    return handle_service_form(
        request,
        StatusChangeForm(request.POST or None, initial={"status": workstream.status}),
        call=lambda data: services.workstream_status_change(acting_user=request.user, workstream=workstream, **data),
        success_message=_("Statusen har uppdaterats."),
        success_url=_workstream_url(workstream.pk),
        template="plans/form.html",
        context={
            "heading": _("Uppdatera status: %(name)s") % {"name": workstream.name},
            "intro": _("Nuvarande status: %(status)s, %(progress)s %% klart.")
            % {"status": workstream.get_status_display(), "progress": workstream.progress},
            "back_url": f"/planer/arbete/{workstream.pk}/",
        },
    )


@require_http_methods(["GET", "POST"])
def workstream_links(request: HttpRequest, pk: int) -> HttpResponse:
    workstream = selectors.workstream_get(pk=pk)
    ensure(request, permissions.can_edit_workstream(request.user, workstream))
    choices = selectors.workstream_link_choices(workstream=workstream)
    initial = {
        "decisions": list(workstream.decisions.all()),
        "assignments": list(workstream.assignments.all()),
        "agenda_items": list(workstream.agenda_items.all()),
    }
    form = WorkstreamLinksForm(
        request.POST or None,
        initial=initial,
        decisions=choices.decisions,
        assignments=choices.assignments,
        agenda_items=choices.agenda_items,
    )
    return handle_service_form(
        request,
        form,
        call=lambda data: services.workstream_links_set(acting_user=request.user, workstream=workstream, **data),
        success_message=_("Kopplingarna har sparats."),
        success_url=_workstream_url(workstream.pk),
        template="plans/form.html",
        context={
            "heading": _("Beslut, uppdrag och ärenden för %(name)s") % {"name": workstream.name},
            "back_url": f"/planer/arbete/{workstream.pk}/",
        },
    )


@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    workstream = selectors.workstream_get(pk=pk)
    ensure(request, permissions.can_edit_workstream(request.user, workstream))
    return handle_service_form(
        request,
        MilestoneForm(request.POST or None, initial={"status": WorkStatus.EJ_PABORJAD}),
        call=lambda data: services.milestone_create(acting_user=request.user, workstream=workstream, **data),
        success_message=_("Delmålet har lagts till."),
        success_url=_workstream_url(workstream.pk),
        template="plans/form.html",
        context={
            "heading": _("Nytt delmål i %(name)s") % {"name": workstream.name},
            "back_url": f"/planer/arbete/{workstream.pk}/",
        },
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_get(pk=pk)
    ensure(request, permissions.can_edit_workstream(request.user, milestone.workstream))
    initial = {
        "title": milestone.title,
        "due_date": milestone.due_date,
        "status": milestone.status,
        "note": milestone.note,
    }
    return handle_service_form(
        request,
        MilestoneForm(request.POST or None, initial=initial),
        call=lambda data: services.milestone_update(acting_user=request.user, milestone=milestone, **data),
        success_message=_("Delmålet har sparats."),
        success_url=_workstream_url(milestone.workstream_id),
        template="plans/form.html",
        context={"heading": _("Redigera delmål"), "back_url": f"/planer/arbete/{milestone.workstream_id}/"},
    )


# --- Nyckeltal --------------------------------------------------------------------------------------------------


@public_cache
def indicator_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/indicator_list.html",
        {
            "indicators": selectors.indicator_list(user=request.user),
            "can_import": permissions.can_import_measurements(request.user),
        },
    )


@public_cache
def indicator_detail(request: HttpRequest, slug: str) -> HttpResponse:
    indicator = selectors.indicator_get(slug=slug)
    if not permissions.can_view_indicator(request.user, indicator):
        # A non-public indicator does not exist for those who may not see it.
        if not request.user.is_authenticated:
            ensure(request, False)
        raise Http404
    figures = selectors.indicator_figures(indicator=indicator)
    context = charts.indicator_chart_context(
        indicator=indicator,
        figures=figures,
        period=request.GET.get("period", ""),
        organisation_slug=request.GET.get("organisation", ""),
    )
    context |= {"indicator": indicator, "can_manage": permissions.can_manage_indicator(request.user, indicator)}
    return render(request, "plans/indicator_detail.html", context)


@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, slug: str) -> HttpResponse:
    indicator = selectors.indicator_get(slug=slug)
    ensure(request, permissions.can_manage_indicator(request.user, indicator))
    return handle_service_form(
        request,
        MeasurementForm(request.POST or None, organisations=principals_of_county(county=indicator.owner_organ.county)),
        call=lambda data: services.measurement_save(acting_user=request.user, indicator=indicator, **data),
        success_message=_("Värdet har sparats."),
        success_url=reverse("plans:indicator_detail", kwargs={"slug": indicator.slug}),
        template="plans/form.html",
        context={
            "heading": _("Registrera värde: %(name)s") % {"name": indicator.name},
            "intro": _("Finns redan ett värde för organisationen och perioden ersätts det."),
            "back_url": f"/nyckeltal/{indicator.slug}/",
        },
    )


@require_http_methods(["GET", "POST"])
def measurement_import(request: HttpRequest) -> HttpResponse:
    ensure(request, permissions.can_import_measurements(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.parse_measurement_file(upload, indicators=permissions.indicators_managed_by(request.user))
            row_errors = result.errors
            if not row_errors:
                count = services.measurement_import(acting_user=request.user, rows=result.rows, source_name=upload.name)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            if not row_errors:
                messages.success(request, _("%(count)s värden har importerats.") % {"count": count})
                return redirect("plans:indicator_list")
            form.add_error(
                "file",
                _("%(count)s rader har fel. Inget har importerats; rätta raderna och importera filen igen.")
                % {"count": len(row_errors)},
            )
    return render(
        request,
        "plans/import.html",
        {"form": form, "row_errors": row_errors, "indicators": permissions.indicators_managed_by(request.user)},
        status=400 if form.errors else 200,
    )
