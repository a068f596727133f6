from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups import permissions, selectors, services
from groups.forms import (
    MembershipEndForm,
    MembershipReplaceForm,
    MembershipStartForm,
    OrganForm,
    PersonForm,
    VacantSeatEndForm,
    VacantSeatForm,
)
from groups.models import Organ, Person
from lgl_portal.core.access import ensure
from lgl_portal.core.cache import public_cache
from lgl_portal.core.service_forms import handle_service_form


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
            "vacant_seats": selectors.organ_vacant_seats(organ=organ),
            "can_manage": permissions.can_manage_memberships(request.user, organ),
            "can_edit_organ": permissions.can_manage_organ(request.user, organ),
        },
    )


@require_http_methods(["GET", "POST"])
def organ_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organ = selectors.organ_get(slug=slug)
    ensure(request, permissions.can_manage_organ(request.user, organ))
    initial = {f: getattr(organ, f) for f in OrganForm.base_fields}
    return handle_service_form(
        request,
        OrganForm(request.POST or None, initial=initial),
        call=lambda data: services.organ_update(acting_user=request.user, organ=organ, **data),
        success_message=_("Organet har sparats."),
        success_url=organ_url(organ),
        template="groups/form.html",
        context={"organ": organ, "heading": _("Redigera %(organ)s") % {"organ": organ.name}},
    )


@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, slug: str) -> HttpResponse:
    organ = selectors.organ_get(slug=slug)
    ensure(request, permissions.can_manage_memberships(request.user, organ))
    return handle_service_form(
        request,
        MembershipStartForm(request.POST or None),
        call=lambda data: services.membership_start(acting_user=request.user, organ=organ, **data),
        success_message=_("Uppdraget har lagts till."),
        success_url=organ_url(organ),
        template="groups/form.html",
        context={"organ": organ, "heading": _("Nytt uppdrag i %(organ)s") % {"organ": organ.name}},
    )


@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(pk=pk)
    ensure(request, permissions.can_manage_memberships(request.user, membership.organ))
    return handle_service_form(
        request,
        MembershipEndForm(request.POST or None),
        call=lambda data: services.membership_end(acting_user=request.user, membership=membership, **data),
        success_message=_("Uppdraget har avslutats."),
        success_url=organ_url(membership.organ),
        template="groups/form.html",
        context={"organ": membership.organ, "membership": membership, "heading": _("Avsluta uppdrag")},
    )


@require_http_methods(["GET", "POST"])
def membership_replace(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(pk=pk)
    ensure(request, permissions.can_manage_memberships(request.user, membership.organ))
    return handle_service_form(
        request,
        MembershipReplaceForm(request.POST or None),
        call=lambda data: services.membership_replace(acting_user=request.user, membership=membership, **data),
        success_message=_("Bytet har registrerats."),
        success_url=organ_url(membership.organ),
        template="groups/form.html",
        context={"organ": membership.organ, "membership": membership, "heading": _("Ersätt i uppdrag")},
    )


@require_http_methods(["GET", "POST"])
def vacant_seat_create(request: HttpRequest, slug: str) -> HttpResponse:
    organ = selectors.organ_get(slug=slug)
    ensure(request, permissions.can_manage_memberships(request.user, organ))
    return handle_service_form(
        request,
        VacantSeatForm(request.POST or None),
        call=lambda data: services.vacant_seat_add(acting_user=request.user, organ=organ, **data),
        success_message=_("Den vakanta platsen har registrerats."),
        success_url=organ_url(organ),
        template="groups/form.html",
        context={"organ": organ, "heading": _("Vakant plats i %(organ)s") % {"organ": organ.name}},
    )


@require_http_methods(["GET", "POST"])
def vacant_seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat = selectors.vacant_seat_get(pk=pk)
    ensure(request, permissions.can_manage_memberships(request.user, seat.organ))
    return handle_service_form(
        request,
        VacantSeatEndForm(request.POST or None),
        call=lambda data: services.vacant_seat_end(acting_user=request.user, vacant_seat=seat, **data),
        success_message=_("Platsen är inte längre vakant."),
        success_url=organ_url(seat.organ),
        template="groups/form.html",
        context={"organ": seat.organ, "heading": _("Avsluta vakans: %(seat)s") % {"seat": seat}},
    )


def organ_url(organ: Organ) -> str:
    return reverse("groups:organ_detail", kwargs={"slug": organ.slug})


def person_url(person: Person) -> str:
    return reverse("groups:person_detail", kwargs={"pk": person.pk})


@public_cache
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(pk=pk)
    return render(
        request,
        "groups/person_detail.html",
        {"person": person, "can_edit": permissions.can_edit_person(request.user, person)},
    )


def person_list(request: HttpRequest) -> HttpResponse:
    ensure(request, permissions.can_manage_people(request.user))
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "groups/person_list.html", {"people": selectors.person_list(query=query)[:200], "q": query})


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    ensure(request, permissions.can_manage_people(request.user))
    return handle_service_form(
        request,
        PersonForm(request.POST or None),
        call=lambda data: services.person_create(acting_user=request.user, **data),
        success_message=_("Personen har lagts till."),
        success_url=person_url,
        template="groups/form.html",
        context={"heading": _("Ny person")},
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(pk=pk)
    ensure(request, permissions.can_edit_person(request.user, person))
    initial = {f: getattr(person, f) for f in PersonForm.base_fields}
    return handle_service_form(
        request,
        PersonForm(request.POST or None, initial=initial),
        call=lambda data: services.person_update(acting_user=request.user, person=person, **data),
        success_message=_("Personen har sparats."),
        success_url=person_url(person),
        template="groups/form.html",
        context={"heading": _("Redigera %(name)s") % {"name": person.name}},
    )
