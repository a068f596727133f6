"""All writes to organisations, people, organs and memberships. Rules live here, with Swedish messages."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from groups.models import Membership, Organ, Organisation, Person, VacantSeat
from lgl_portal.audit.services import audit_record, model_changes
from lgl_portal.core.mail import mail_send
from lgl_portal.core.model_update import UNSET, Unset, given, model_update

# --- Organisations and people -------------------------------------------------------------------------------


@transaction.atomic
def person_create(
    *,
    acting_user: Any,
    name: str,
    title: str = "",
    organisation: Organisation | None = None,
    party: str = "",
    email: str = "",
    user: User | None = None,
) -> Person:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Ange personens namn.")})
    person = Person.objects.create(
        name=name, title=title.strip(), organisation=organisation, party=party.strip(), email=email.strip(), user=user
    )
    audit_record(acting_user=acting_user, action="person_create", target=person, changes={"name": name})
    return person


PERSON_UPDATE_FIELDS = ("name", "title", "organisation", "party", "email", "user")


@transaction.atomic
def person_update(
    *,
    acting_user: Any,
    person: Person,
    name: str | Unset = UNSET,
    title: str | Unset = UNSET,
    organisation: Organisation | Unset | None = UNSET,
    party: str | Unset = UNSET,
    email: str | Unset = UNSET,
    user: User | Unset | None = UNSET,
) -> Person:
    data = given(name=name, title=title, organisation=organisation, party=party, email=email, user=user)
    if "name" in data and not str(data["name"]).strip():
        raise ValidationError({"name": _("Ange personens namn.")})
    old_email = person.email
    changes = model_changes(person, data)
    model_update(instance=person, fields=PERSON_UPDATE_FIELDS, data=data, strip_strings=True)
    audit_record(acting_user=acting_user, action="person_update", target=person, changes=changes)
    if "email" in changes and old_email and old_email != person.email:
        # Kallelser and justering mails follow the address: the person hears of a change at the old one, so a
        # rerouting nobody asked for is noticed (issue 15).
        mail_send(
            to=[old_email],
            subject_template="groups/mail/email_changed_subject.txt",
            body_template="groups/mail/email_changed_body.txt",
            context={"name": person.name, "new_email": person.email, "site_url": settings.SITE_URL},
        )
    return person


ORGAN_UPDATE_FIELDS = (
    "name",
    "short_name",
    "description",
    "purpose",
    "kommunallagen_rules",
    "paragraph_format",
    "protocol_storage_place",
    "signs_by_hand",
    "is_public",
    "parent",
)


@transaction.atomic
def organ_update(
    *,
    acting_user: Any,
    organ: Organ,
    name: str | Unset = UNSET,
    short_name: str | Unset = UNSET,
    description: str | Unset = UNSET,
    purpose: str | Unset = UNSET,
    kommunallagen_rules: bool | Unset = UNSET,
    paragraph_format: str | Unset = UNSET,
    protocol_storage_place: str | Unset = UNSET,
    signs_by_hand: bool | Unset = UNSET,
    is_public: bool | Unset = UNSET,
    parent: Organ | Unset | None = UNSET,
) -> Organ:
    data = given(
        name=name,
        short_name=short_name,
        description=description,
        purpose=purpose,
        kommunallagen_rules=kommunallagen_rules,
        paragraph_format=paragraph_format,
        protocol_storage_place=protocol_storage_place,
        signs_by_hand=signs_by_hand,
        is_public=is_public,
        parent=parent,
    )
    if "name" in data and not str(data["name"]).strip():
        raise ValidationError({"name": _("Ange organets namn.")})
    node = data.get("parent")
    while node is not None:
        if node.pk == organ.pk:
            raise ValidationError({"parent": _("Ett organ kan inte ligga under sig självt.")})
        node = node.parent
    changes = model_changes(organ, data)
    model_update(instance=organ, fields=ORGAN_UPDATE_FIELDS, data=data)
    audit_record(acting_user=acting_user, action="organ_update", target=organ, changes=changes)
    return organ


# --- Memberships ------------------------------------------------------------------------------------------


def _overlaps(qs: Any, start: dt.date, end: dt.date | None) -> Any:
    """Memberships whose period meets [start, end] (an open end runs forever)."""
    qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        qs = qs.filter(start_date__lte=end)
    return qs


def membership_validate(
    *,
    person: Person,
    organ: Organ,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Välj en roll i listan.")})
    if start_date is None:
        raise ValidationError({"start_date": _("Ange när uppdraget börjar.")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte ligga före startdatum.")})

    others = Membership.objects.filter(organ=organ)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)

    same = _overlaps(others.filter(person=person, role=role), start_date, end_date).first()
    if same is not None:
        raise ValidationError(
            {
                "person": _("%(person)s har redan rollen %(role)s i %(organ)s under perioden.")
                % {"person": person.name, "role": same.get_role_display().lower(), "organ": organ.name}
            }
        )

    if role in Membership.SINGLE_ROLES:
        holder = _overlaps(others.filter(role=role), start_date, end_date).select_related("person").first()
        if holder is not None:
            raise ValidationError(
                {
                    "role": _(
                        "%(organ)s har redan en %(role)s under perioden: %(person)s. Avsluta det uppdraget först "
                        "eller använd ”Ersätt”."
                    )
                    % {"organ": organ.name, "role": holder.get_role_display().lower(), "person": holder.person.name}
                }
            )

    # A samordnande grupp's ordförande and vice ordförande must sit in the LGL organ above it.
    if organ.kind == Organ.Kind.SAMORDNANDE_GRUPP and role in (
        Membership.Role.ORDFORANDE,
        Membership.Role.VICE_ORDFORANDE,
    ):
        if organ.parent_id is None:
            raise ValidationError(
                {"role": _("Gruppen saknar överordnat organ, så ordförande kan inte kontrolleras. Ange det först.")}
            )
        in_parent = (
            Membership.objects.active_on(start_date)
            .filter(person=person, organ_id=organ.parent_id, role__in=Membership.DECIDING_ROLES)
            .exists()
        )
        if not in_parent:
            raise ValidationError(
                {
                    "person": _(
                        "%(person)s är inte ledamot i %(parent)s den %(date)s. Ordförande och vice ordförande "
                        "i en samordnande grupp måste vara ledamöter där."
                    )
                    % {"person": person.name, "parent": cast(Organ, organ.parent).name, "date": start_date.isoformat()}
                }
            )


@transaction.atomic
def membership_start(
    *,
    acting_user: Any,
    person: Person,
    organ: Organ,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    representing: Organisation | None = None,
    note: str = "",
) -> Membership:
    # Serialise changes to one organ's roster so two secretaries cannot both appoint a chair.
    Organ.objects.select_for_update().filter(pk=organ.pk).first()
    membership_validate(person=person, organ=organ, role=role, start_date=start_date, end_date=end_date)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                person=person,
                organ=organ,
                role=role,
                start_date=start_date,
                end_date=end_date,
                representing=representing or person.organisation,
                note=note,
            )
    except IntegrityError as exc:
        raise ValidationError({"role": _("Organet har redan en person med den rollen.")}) from exc
    audit_record(
        acting_user=acting_user,
        action="membership_start",
        target=membership,
        changes={"person": person, "organ": organ, "role": role, "start_date": start_date, "end_date": end_date},
    )
    return membership


@transaction.atomic
def membership_end(*, acting_user: Any, membership: Membership, end_date: dt.date) -> Membership:
    membership = (
        Membership.objects.select_for_update(of=("self",)).select_related("person__user", "organ").get(pk=membership.pk)
    )
    if end_date is None:
        raise ValidationError({"end_date": _("Ange när uppdraget slutar.")})
    if end_date < membership.start_date:
        raise ValidationError(
            {
                "end_date": _("Slutdatum kan inte ligga före startdatum (%(start)s).")
                % {"start": membership.start_date.isoformat()}
            }
        )
    if membership.end_date is not None and membership.end_date < end_date:
        raise ValidationError(
            {"end_date": _("Uppdraget har redan avslutats den %(end)s.") % {"end": membership.end_date.isoformat()}}
        )
    changes = {"end_date": [membership.end_date, end_date]}
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    audit_record(acting_user=acting_user, action="membership_end", target=membership, changes=changes)
    return membership


@transaction.atomic
def membership_replace(
    *,
    acting_user: Any,
    membership: Membership,
    new_person: Person,
    change_date: dt.date,
    representing: Organisation | None = None,
) -> Membership:
    """ "X ersätter Y": end Y's membership the day before and start X's in the same role, in one step."""
    if change_date is None:
        raise ValidationError({"change_date": _("Ange från vilket datum bytet gäller.")})
    if new_person.pk == membership.person_id:
        raise ValidationError({"new_person": _("Välj en annan person än den som ersätts.")})
    if change_date <= membership.start_date:
        raise ValidationError(
            {
                "change_date": _("Bytet måste ske efter att uppdraget började (%(start)s).")
                % {"start": membership.start_date.isoformat()}
            }
        )
    original_end = membership.end_date
    try:
        membership_end(
            acting_user=acting_user,
            membership=membership,
            end_date=change_date - dt.timedelta(days=1),
        )
    except ValidationError as exc:
        raise ValidationError({"change_date": exc.message_dict.get("end_date", exc.messages)}) from exc
    try:
        return membership_start(
            acting_user=acting_user,
            person=new_person,
            organ=membership.organ,
            role=membership.role,
            start_date=change_date,
            end_date=original_end,
            representing=representing or new_person.organisation,
            note=_("Ersätter %(name)s") % {"name": membership.person.name},
        )
    except ValidationError as exc:
        errors = exc.message_dict
        raise ValidationError({"new_person": [m for msgs in errors.values() for m in msgs]}) from exc


# --- Vacant seats (issue 13, seats and attendance) ---------------------------------------------------------


@transaction.atomic
def vacant_seat_add(
    *,
    acting_user: Any,
    organ: Organ,
    party: str = "",
    start_date: dt.date,
    end_date: dt.date | None = None,
    note: str = "",
) -> VacantSeat:
    """Record a seat nobody holds: it still counts towards the quorum and prints as "Vakant (M)"."""
    if start_date is None:
        raise ValidationError({"start_date": _("Ange från när platsen är vakant.")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte ligga före startdatum.")})
    seat = VacantSeat.objects.create(
        organ=organ, party=party.strip(), start_date=start_date, end_date=end_date, note=note.strip()
    )
    audit_record(
        acting_user=acting_user,
        action="vacant_seat_add",
        target=seat,
        changes={"organ": organ, "party": seat.party, "start_date": start_date, "end_date": end_date},
    )
    return seat


@transaction.atomic
def vacant_seat_end(*, acting_user: Any, vacant_seat: VacantSeat, end_date: dt.date) -> VacantSeat:
    """The seat is filled (or no longer exists) from the day after `end_date`."""
    seat = VacantSeat.objects.select_for_update().get(pk=vacant_seat.pk)
    if end_date is None:
        raise ValidationError({"end_date": _("Ange det sista dagen platsen är vakant.")})
    if end_date < seat.start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte ligga före startdatum.")})
    changes = model_changes(seat, {"end_date": end_date})
    seat.end_date = end_date
    seat.save(update_fields=["end_date"])
    audit_record(acting_user=acting_user, action="vacant_seat_end", target=seat, changes=changes)
    return seat
