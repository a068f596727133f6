"""What was moved, put, voted and said in a paragraph (issue 13, paragraph content): beslutspunkter, yrkanden,
propositionsordning, omröstning, reservationer and protokollsanteckningar.

Who may appear is one rule, meetings.deciding: a yrkande, a vote and a reservation only by a member deciding in
that very paragraph (present there, not replaced by an ersättare, not jävig); a protokollsanteckning by anyone
of the meeting present. Every refusal names the form field it belongs to, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from groups.models import Person
from lgl_portal.core.publication import gate_check
from meetings import selectors, voting
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    DecisionPoint,
    MemberStatement,
    Motion,
    PropositionOrder,
    Vote,
)
from meetings.services._shared import _ensure_editable, _lock_meeting, _record
from meetings.services.protocol import rich_text


def _editable_item(item: AgendaItem) -> AgendaItem:
    _ensure_editable(_lock_meeting(item.meeting))
    return AgendaItem.objects.select_related("meeting").get(pk=item.pk)


def _present_ids(item: AgendaItem) -> set[int]:
    return {
        a.person_id
        for a in item.meeting.attendances.all()
        if a.person_id is not None and a.presence != Attendance.Presence.FRANVARANDE
    }


def _not_deciding_message(item: AgendaItem, person: Person) -> str:
    """Why this person cannot act as a decider in the paragraph, as precise as we can say it."""
    if item.recusals.filter(person=person).exists():
        return _("%(name)s är jävig i ärendet och deltar inte i beslutet.") % {"name": person.name}
    if person.pk not in _present_ids(item):
        return _("%(name)s är inte närvarande vid sammanträdet.") % {"name": person.name}
    return _("%(name)s beslutar inte i den här paragrafen.") % {"name": person.name}


# --- Beslutspunkter


@transaction.atomic
def decision_point_add(*, acting_user: Any, item: AgendaItem, text: str) -> DecisionPoint:
    item = _editable_item(item)
    clean = rich_text(text)
    if not clean:
        raise ValidationError({"text": _("Skriv beslutspunktens text.")})
    last = item.decision_points.aggregate(m=Max("position"))["m"] or 0
    point = DecisionPoint(item=item, position=last + 1, text=clean)
    gate_check(point)
    point.save()
    _record(acting_user=acting_user, action="decision_point_add", target=point)
    return point


@transaction.atomic
def decision_point_update(*, acting_user: Any, point: DecisionPoint, text: str) -> DecisionPoint:
    _editable_item(point.item)
    clean = rich_text(text)
    if not clean:
        raise ValidationError({"text": _("Skriv beslutspunktens text.")})
    point.text = clean
    gate_check(point)
    point.save(update_fields=["text"])
    _record(acting_user=acting_user, action="decision_point_update", target=point)
    return point


@transaction.atomic
def decision_point_remove(*, acting_user: Any, point: DecisionPoint) -> None:
    item = _editable_item(point.item)
    _record(acting_user=acting_user, action="decision_point_remove", target=point)
    try:
        point.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Beslutspunkten finns i beslutsregistret; ta bort kopplingen där innan den tas bort.")
        ) from exc
    # The points keep their numbers 1, 2, … without a gap.
    for number, remaining in enumerate(item.decision_points.order_by("position", "id"), start=1):
        if remaining.position != number:
            DecisionPoint.objects.filter(pk=remaining.pk).update(position=number)


# --- Yrkanden


@transaction.atomic
def motion_add(
    *, acting_user: Any, item: AgendaItem, mover: Person, text: str, supporters: Iterable[Person] = ()
) -> Motion:
    item = _editable_item(item)
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Skriv vad som yrkas, t.ex. ”bifall till förslaget”.")
    deciders = selectors.item_deciding_ids(item=item)
    if mover.pk not in deciders:
        errors["mover"] = _not_deciding_message(item, mover) + " " + _("Bara den som beslutar kan yrka.")
    supporter_list = [p for p in supporters if p.pk != mover.pk]
    outsiders = [p for p in supporter_list if p.pk not in deciders]
    if outsiders:
        errors["supporters"] = (
            " ".join(_not_deciding_message(item, p) for p in outsiders)
            + " "
            + _("Bara den som beslutar kan instämma i ett yrkande.")
        )
    if errors:
        raise ValidationError(errors)
    last = item.motion_entries.aggregate(m=Max("position"))["m"] or 0
    motion = Motion(item=item, position=last + 1, mover=mover, text=text)
    gate_check(motion)
    motion.save()
    motion.supporters.set(supporter_list)
    _record(acting_user=acting_user, action="motion_add", target=motion)
    return motion


@transaction.atomic
def motion_remove(*, acting_user: Any, motion: Motion) -> None:
    _editable_item(motion.item)
    _record(acting_user=acting_user, action="motion_remove", target=motion)
    motion.delete()


# --- Propositionsordning


@transaction.atomic
def proposition_order_set(*, acting_user: Any, item: AgendaItem, text: str) -> PropositionOrder | None:
    """Set the paragraph's propositionsordning; an empty text removes it."""
    item = _editable_item(item)
    text = text.strip()
    if not text:
        PropositionOrder.objects.filter(item=item).delete()
        _record(acting_user=acting_user, action="proposition_order_set", target=item, changes={"text": ""})
        return None
    order = PropositionOrder.objects.filter(item=item).first() or PropositionOrder(item=item)
    order.text = text
    gate_check(order)
    order.save()
    _record(acting_user=acting_user, action="proposition_order_set", target=order)
    return order


# --- Omröstning


@transaction.atomic
def vote_save(
    *,
    acting_user: Any,
    item: AgendaItem,
    yes_means: str,
    no_means: str,
    ballots: Iterable[tuple[Person, str]],
) -> Vote:
    """Record a roll call: every ballot by a member deciding in the paragraph, once each; the result computed.

    `ballots` pairs each member who answered with "ja", "nej" or "avstar"; members left out did not answer.
    The ballots replace any stored before. Errors are keyed by `voting.ballot_field(person.pk)`."""
    item = _editable_item(item)
    errors: dict[str, str] = {}
    if not yes_means.strip():
        errors["yes_means"] = _("Skriv vad ja innebär, t.ex. ”bifall till arbetsutskottets förslag”.")
    if not no_means.strip():
        errors["no_means"] = _("Skriv vad nej innebär, t.ex. ”avslag”.")
    deciders = selectors.item_deciding_ids(item=item)
    pairs = list(ballots)
    seen: set[int] = set()
    for person, choice in pairs:
        key = voting.ballot_field(person.pk)
        if choice not in Ballot.Choice.values:
            errors[key] = _("Välj ja, nej eller avstår.")
        elif person.pk in seen:
            errors[key] = _("%(name)s har redan röstat.") % {"name": person.name}
        elif person.pk not in deciders:
            errors[key] = _not_deciding_message(item, person) + " " + _("Bara den som beslutar i paragrafen röstar.")
        seen.add(person.pk)
    if len(pairs) > len(deciders):
        errors.setdefault(
            "__all__",
            _("%(n)s röster är fler än de %(m)s ledamöter som beslutar i paragrafen.")
            % {"n": len(pairs), "m": len(deciders)},
        )
    if not pairs:
        errors.setdefault("__all__", _("Ange hur varje ledamot röstade."))
    if not errors:
        chair_id = item.meeting.chair_id
        chair_choice = next((c for p, c in pairs if p.pk == chair_id), None)
        result = voting.tally((c for _p, c in pairs), chair_choice=chair_choice)
        if not result.winner:
            if result.cast == 0:
                errors["__all__"] = _("Ingen har röstat ja eller nej; omröstningen har inget resultat.")
            else:
                # KL 6 kap. 33 §: the chair's casting vote decides a tie, so the chair must have voted ja or nej.
                errors["__all__"] = _(
                    "Lika röstetal: ordförandens röst avgör, men ordföranden har inte röstat ja eller nej."
                )
    if errors:
        raise ValidationError(errors)
    vote = Vote.objects.filter(item=item).first() or Vote(item=item)
    vote.yes_means = yes_means.strip()
    vote.no_means = no_means.strip()
    gate_check(vote)
    vote.save()
    vote.ballots.all().delete()
    Ballot.objects.bulk_create([Ballot(vote=vote, person=p, choice=c) for p, c in pairs])
    _record(
        acting_user=acting_user,
        action="vote_save",
        target=vote,
        changes={"ballots": {str(p.pk): c for p, c in pairs}},
    )
    return vote


@transaction.atomic
def vote_remove(*, acting_user: Any, item: AgendaItem) -> None:
    item = _editable_item(item)
    vote = Vote.objects.filter(item=item).first()
    if vote is None:
        return
    _record(acting_user=acting_user, action="vote_remove", target=vote)
    vote.delete()


# --- Reservationer och protokollsanteckningar


@transaction.atomic
def statement_add(*, acting_user: Any, item: AgendaItem, kind: str, person: Person, text: str = "") -> MemberStatement:
    item = _editable_item(item)
    if kind not in MemberStatement.Kind.values:
        raise ValidationError({"kind": _("Välj reservation eller protokollsanteckning.")})
    if kind == MemberStatement.Kind.RESERVATION:
        if person.pk not in selectors.item_deciding_ids(item=item):
            raise ValidationError(
                {"person": _not_deciding_message(item, person) + " " + _("Bara den som beslutar kan reservera sig.")}
            )
        vote = Vote.objects.filter(item=item).first()
        if vote is not None:
            ballot = vote.ballots.filter(person=person).first()
            if ballot is not None and ballot.choice == voting.vote_tally(vote).winner:
                raise ValidationError(
                    {
                        "person": _("%(name)s röstade för beslutet och kan inte reservera sig mot det.")
                        % {"name": person.name}
                    }
                )
    elif person.pk not in _present_ids(item):
        raise ValidationError({"person": _("%(name)s är inte närvarande vid sammanträdet.") % {"name": person.name}})
    if item.statements.filter(kind=kind, person=person).exists():
        raise ValidationError(
            {
                "person": _("%(name)s har redan en %(kind)s i paragrafen.")
                % {"name": person.name, "kind": MemberStatement.Kind(kind).label.lower()}
            }
        )
    statement = MemberStatement(item=item, kind=kind, person=person, text=rich_text(text))
    gate_check(statement)
    statement.save()
    _record(acting_user=acting_user, action="statement_add", target=statement)
    return statement


@transaction.atomic
def statement_remove(*, acting_user: Any, statement: MemberStatement) -> None:
    _editable_item(statement.item)
    _record(acting_user=acting_user, action="statement_remove", target=statement)
    statement.delete()
