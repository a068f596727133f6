from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups import permissions, selectors, services
from groups.forms import MembershipEndForm, MembershipReplaceForm, MembershipStartForm, OrganForm, PersonForm
from groups.models import Organ
from lgl_portal.core.access import ensure
from lgl_portal.core.cache import public_cache


@public_cache
def organ_list(request: HttpRequest) -> HttpResponse:
    organs = list(selectors.organ_list_public())
    by_county: dict[str, list[Organ]] = {}
    for organ in organs:
        by_county.setdefault(organ.county.name, []).append(organ)
    return render(request, "groups/organ_list.html", {"by_county": by_county})


@public_cache
def organ_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organ = selectors.organ_get(slug=slug)
    ensure(request, organ.is_public or permissions.can_view_organ_internal(request.user, organ))
    return render(
        request,
        "groups/organ_detail.html",
        {
            "organ": organ,
            "roster": selectors.organ_roster(organ=organ),
            "children": selectors.organ_children(organ=organ),
            "can_manage": permissions.can_manage_memberships(request.user, organ),
            "can_edit_organ": permissions.can_manage_organ(request.user, organ),
        },
    )


@require_http_methods(["GET", "POST"])
def organ_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organ = selectors.organ_get(slug=slug)
    ensure(request, permissions.can_manage_organ(request.user, organ))
    initial = {f: getattr(organ, f) for f in OrganForm.base_fields}
    form = OrganForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organ_update(acting_user=request.user, organ=organ, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Organet har sparats."))
            return redirect("groups:organ_detail", slug=organ.slug)
    return render(
        request,
        "groups/form.html",
        {"form": form, "organ": organ, "heading": _("Redigera %(organ)s") % {"organ": organ.name}},
    )


@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, slug: str) -> HttpResponse:
    organ = selectors.organ_get(slug=slug)
    ensure(request, permissions.can_manage_memberships(request.user, organ))
    form = MembershipStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_start(acting_user=request.user, organ=organ, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Uppdraget har lagts till."))
            return redirect("groups:organ_detail", slug=organ.slug)
    return render(
        request,
        "groups/form.html",
        {"form": form, "organ": organ, "heading": _("Nytt uppdrag i %(organ)s") % {"organ": organ.name}},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(pk=pk)
    ensure(request, permissions.can_manage_memberships(request.user, membership.organ))
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(acting_user=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Uppdraget har avslutats."))
            return redirect("groups:organ_detail", slug=membership.organ.slug)
    return render(
        request,
        "groups/form.html",
        {"form": form, "organ": membership.organ, "membership": membership, "heading": _("Avsluta uppdrag")},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def membership_replace(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(pk=pk)
    ensure(request, permissions.can_manage_memberships(request.user, membership.organ))
    form = MembershipReplaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_replace(acting_user=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Bytet har registrerats."))
            return redirect("groups:organ_detail", slug=membership.organ.slug)
    return render(
        request,
        "groups/form.html",
        {"form": form, "organ": membership.organ, "membership": membership, "heading": _("Ersätt i uppdrag")},
        status=400 if form.errors else 200,
    )


@public_cache
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(pk=pk)
    return render(
        request,
        "groups/person_detail.html",
        {"person": person, "can_edit": permissions.can_manage_people(request.user)},
    )


def person_list(request: HttpRequest) -> HttpResponse:
    ensure(request, permissions.can_manage_people(request.user))
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "groups/person_list.html", {"people": selectors.person_list(query=query)[:200], "q": query})


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    ensure(request, permissions.can_manage_people(request.user))
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Personen har lagts till."))
            return redirect("groups:person_detail", pk=person.pk)
    return render(
        request, "groups/form.html", {"form": form, "heading": _("Ny person")}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(pk=pk)
    ensure(request, permissions.can_manage_people(request.user))
    initial = {f: getattr(person, f) for f in PersonForm.base_fields}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(acting_user=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Personen har sparats."))
            return redirect("groups:person_detail", pk=person.pk)
    return render(
        request,
        "groups/form.html",
        {"form": form, "heading": _("Redigera %(name)s") % {"name": person.name}},
        status=400 if form.errors else 200,
    )
