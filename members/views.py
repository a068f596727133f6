"""Mina sidor: the member's coming meetings with läst marks, private notes and questions; the secretary's
list of questions. Same paths as before the move out of `decisions` (/mina-sidor/...)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decisions.permissions import can_manage_any_decisions
from lgl_portal.core.access import ensure
from lgl_portal.core.htmx import HtmxHttpRequest
from meetings import selectors as meeting_selectors
from members import permissions, selectors, services
from members.forms import PrivateNoteForm, QuestionForm


def my_pages(request: HttpRequest) -> HttpResponse:
    ensure(request, request.user.is_authenticated)
    return render(
        request,
        "members/my_pages.html",
        {
            "meetings": selectors.upcoming_meetings_for_review(request.user),
            "questions": selectors.questions_for_secretary(request.user),
            # Protocols and rättelser waiting for this chair's or justerare's besked, with the justering deadline.
            "to_justera": meeting_selectors.waiting_for_signer(user=request.user),
            "can_manage": can_manage_any_decisions(request.user),
            "note_form": PrivateNoteForm(),
            "question_form": QuestionForm(),
        },
    )


@require_POST
def item_read_toggle(request: HtmxHttpRequest, item_id: int) -> HttpResponse:
    item = selectors.review_item_get(pk=item_id)
    ensure(request, permissions.can_review_item(request.user, item))
    wanted = request.POST.get("read")
    is_read = services.read_mark_toggle(
        acting_user=request.user, item=item, read=None if wanted is None else wanted == "1"
    )
    if request.htmx:
        return render(request, "members/_read_toggle.html", {"item": item, "is_read": is_read})
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
    return render(request, "members/item_form.html", {"form": form, "item": item, "kind": "note"}, status=400)


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
    return render(request, "members/item_form.html", {"form": form, "item": item, "kind": "question"}, status=400)


@require_POST
def question_answered(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(pk=pk)
    ensure(request, permissions.can_see_questions(request.user, question.item.meeting))
    services.member_question_mark_answered(acting_user=request.user, question=question)
    messages.success(request, _("Frågan är markerad som besvarad."))
    return redirect("/mina-sidor/#fragor")
