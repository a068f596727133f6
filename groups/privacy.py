"""Personal data (GDPR): export everything the portal holds about a person, and anonymise public outputs.

Protocols are public records (allmänna handlingar) and are kept as decided, so anonymisation does not rewrite
history: it marks the person (`anonymised_at`), which every public template honours through
`person.public_name`, and clears the contact details shown publicly (e-mail, title). The export walks the
person's relations generically, so data other apps link to a Person (attendance, presenters, signatures)
is included without this module knowing those apps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Person
from lgl_portal.audit.models import AuditEntry
from lgl_portal.audit.services import _jsonable, audit_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import ForeignObjectRel

# Fields of a related row that are worth showing; everything else (ids of other rows) is noise in an export.
_SKIP_FIELD_TYPES = (models.ForeignKey, models.OneToOneField, models.ManyToManyField, models.FileField)


def _row(obj: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {"typ": str(obj._meta.verbose_name), "id": obj.pk, "text": str(obj)}
    for field in obj._meta.concrete_fields:
        if isinstance(field, _SKIP_FIELD_TYPES) or field.primary_key:
            continue
        data[field.name] = _jsonable(getattr(obj, field.attname))
    return data


def person_data_export(*, acting_user: Any, person: Person) -> dict[str, Any]:
    """Everything stored about the person, as JSON-ready data. The export itself is recorded in the audit log."""
    export: dict[str, Any] = {
        "exporterad": timezone.now().isoformat(),
        "person": {
            "id": person.pk,
            "namn": person.name,
            "titel": person.title,
            "organisation": str(person.organisation) if person.organisation_id else "",
            "parti": person.party,
            "e-post": person.email,
            "avidentifierad": _jsonable(person.anonymised_at),
        },
        "relaterat": {},
    }
    if person.user_id:
        user = cast("User", person.user)
        export["konto"] = {
            "användarnamn": user.get_username(),
            "e-post": user.email,
            "förnamn": user.first_name,
            "efternamn": user.last_name,
            "aktivt": user.is_active,
            "skapat": _jsonable(user.date_joined),
            "senast_inloggad": _jsonable(user.last_login),
        }
        export["ändringar_gjorda_av_personen"] = [
            {"tid": _jsonable(e.at), "händelse": e.action, "objekt": e.target_repr}
            for e in AuditEntry.objects.filter(actor=user).order_by("at")[:5000]
        ]
    # Hidden relations too (related_name="+", such as a meeting's secretary), but not M2M through tables.
    # Auto-created, non-concrete fields are the reverse relations (ForeignObjectRel) to a concrete model.
    relations = cast(
        "list[ForeignObjectRel]",
        [f for f in person._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete],
    )
    for relation in relations:
        model = cast("type[models.Model]", relation.related_model)
        if model._meta.auto_created:
            continue
        rows = list(model._default_manager.filter(**{relation.field.name: person}).order_by("pk")[:5000])
        if rows:
            export["relaterat"][f"{model._meta.label_lower}:{relation.field.name}"] = [_row(r) for r in rows]
    with transaction.atomic():
        audit_record(acting_user=acting_user, action="person_data_export", target=person)
    return export


@transaction.atomic
def person_anonymise(*, acting_user: Any, person: Person, reason: str = "") -> Person:
    """Hide the person in public outputs. The reason is required: removal from the public side is recorded."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    reason = (reason or "").strip()
    if person.anonymised_at is not None:
        raise ValidationError(
            {"reason": _("Personen avidentifierades redan %(date)s.") % {"date": f"{person.anonymised_at:%Y-%m-%d}"}}
        )
    if not reason:
        raise ValidationError({"reason": _("Ange skälet till avidentifieringen, till exempel en begäran enligt GDPR.")})
    changes = {"anonymised_at": [None, "nu"], "email": [person.email, ""], "title": [person.title, ""]}
    person.anonymised_at = timezone.now()
    person.email = ""
    person.title = ""
    person.save(update_fields=["anonymised_at", "email", "title"])
    audit_record(
        acting_user=acting_user,
        action="person_anonymise",
        target=person,
        changes={**changes, "reason": reason},
    )
    return person
