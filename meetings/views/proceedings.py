"""Beslutsgången of one paragraph (issue 13): beslutspunkter, yrkanden, propositionsordning, omröstning,
reservationer and protokollsanteckningar, each entered by its own small form that works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meetings import presentation, selectors, voting
from meetings.forms import DecisionPointForm, MotionForm, PropositionOrderForm, StatementForm, VoteForm
from meetings.models import AgendaItem, Meeting
from meetings.services import proceedings as services
from meetings.templatetags.meetings_tags import rich
from meetings.views._shared import _item_for_secretary, _refused
from meetings.views.editor import readonly_reason


def _forms(meeting: Meeting, item: AgendaItem, data: Any = None, which: str | None = None) -> dict[str, Any]:
    """Each form of the page; only the one posted (`which`) is bound."""
    deciding = selectors.item_deciding_ids(item=item)
    order = presentation.reverse_one(item, "proposition_order")
    vote = presentation.reverse_one(item, "roll_call")
    vote_initial: dict[str, Any] = {}
    if vote is not None:
        vote_initial = {"yes_means": vote.yes_means, "no_means": vote.no_means} | {
            voting.ballot_field(b.person_id): b.choice for b in vote.ballots.all()
        }

    def bound(name: str) -> Any:
        return data if which == name else None

    return {
        "point": DecisionPointForm(bound("point"), prefix="point"),
        "motion": MotionForm(bound("motion"), meeting=meeting, prefix="motion"),
        "order": PropositionOrderForm(
            bound("order"), prefix="order", initial={"text": order.text if order is not None else ""}
        ),
        "vote": VoteForm(bound("vote"), meeting=meeting, deciding=deciding, prefix="vote", initial=vote_initial),
        "statement": StatementForm(bound("statement"), meeting=meeting, prefix="statement"),
    }


def _action(request: HttpRequest, item: AgendaItem, which: str, form: Any) -> Callable[[], object]:
    user = request.user
    data = form.cleaned_data
    actions: dict[str, Callable[[], object]] = {
        "point": lambda: services.decision_point_add(acting_user=user, item=item, text=data["text"]),
        "motion": lambda: services.motion_add(
            acting_user=user, item=item, mover=data["mover"], text=data["text"], supporters=data["supporters"]
        ),
        "order": lambda: services.proposition_order_set(acting_user=user, item=item, text=data["text"]),
        "vote": lambda: services.vote_save(acting_user=user, item=item, **form.service_arguments()),
        "statement": lambda: services.statement_add(
            acting_user=user, item=item, kind=data["kind"], person=data["person"], text=data["text"]
        ),
    }
    return actions[which]


def _remove(request: HttpRequest, item: AgendaItem, which: str) -> None:
    pk = request.POST.get("pk", "")
    part = int(pk) if pk.isdigit() else 0
    user = request.user
    if which == "remove_point":
        services.decision_point_remove(acting_user=user, point=get_object_or_404(item.decision_points.all(), pk=part))
    elif which == "remove_motion":
        services.motion_remove(acting_user=user, motion=get_object_or_404(item.motion_entries.all(), pk=part))
    elif which == "remove_statement":
        services.statement_remove(acting_user=user, statement=get_object_or_404(item.statements.all(), pk=part))
    else:
        services.vote_remove(acting_user=user, item=item)


def _point_update(request: HttpRequest, item: AgendaItem) -> tuple[int, str, list[str]] | None:
    """A beslutspunkt's text changed in place (its number stays). Refused: the point, the text as typed and the
    messages, so the page shows them at that point and the typed text is kept until the server takes it."""
    pk = request.POST.get("pk", "")
    point = get_object_or_404(item.decision_points.all(), pk=int(pk) if pk.isdigit() else 0)
    typed = request.POST.get(f"point-{point.pk}-text", "")
    form = DecisionPointForm(request.POST, prefix=f"point-{point.pk}")
    if not form.is_valid():
        return point.pk, typed, [_("Skriv beslutspunktens text.")]
    try:
        services.decision_point_update(acting_user=request.user, point=point, text=form.cleaned_data["text"])
    except ValidationError as exc:
        return point.pk, typed, exc.messages
    return None


@require_http_methods(["GET", "POST"])
def item_proceedings(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item_for_secretary(request, pk, item_pk)
    here = reverse("meetings:item_proceedings", args=[pk, item_pk])
    which = request.POST.get("form") if request.method == "POST" else None
    point_refused = None
    if which == "update_point":
        point_refused = _point_update(request, item)
        if point_refused is None:
            messages.success(request, _("Ändringen har sparats."))
            return redirect(f"{here}#point")
    if which in ("remove_point", "remove_motion", "remove_statement", "remove_vote"):
        try:
            _remove(request, item, which)
        except ValidationError as exc:
            return _refused(request, exc, here)
        messages.success(request, _("Ändringen har sparats."))
        return redirect(here)
    forms = _forms(meeting, item, request.POST, which)
    failed = False
    if which in forms:
        form = forms[which]
        if form.is_valid():
            try:
                _action(request, item, which, form)()
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Ändringen har sparats."))
                return redirect(f"{here}#{which}")
        failed = True
    current = next(i for i in selectors.meeting_items(meeting=meeting) if i.pk == item.pk)
    reason, way = readonly_reason(meeting)
    return render(
        request,
        "meetings/item_proceedings.html",
        {
            "meeting": meeting,
            "item": current,
            "forms": forms,
            "failed": which if failed else None,
            "sections": presentation.paragraph_sections(current, clean=rich, section_level=3),
            "reason": reason,
            "way": way,
            "deciding_count": len(selectors.item_deciding_ids(item=current)),
            # A refused in-place change of a beslutspunkt: {pk: (the text as typed, the messages)}.
            "point_refused": {point_refused[0]: point_refused[1:]} if point_refused else {},
        },
        status=400 if failed or point_refused else 200,
    )
