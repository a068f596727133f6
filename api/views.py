"""The open API's views: thin, read-only, anonymous; every object and list as OParl 1.1 shapes it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf_exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from api import objects, openapi, selectors
from api.http import (
    ApiError,
    ListParams,
    Source,
    as_id,
    error_body,
    filter_items,
    filter_queryset,
    json_response,
    list_page,
    list_params,
    not_found,
    site_url,
)
from decisions.models import Decision
from decisions.ratification.models import AssemblyDecision, RatificationCase
from groups.models import Membership, Organ, Person
from meetings import voting
from meetings.models import AgendaItem, Meeting

# --- Batch renderers: a page of rows -> OParl objects, in a fixed number of queries --------------------------


def render_organizations(rows: list[Organ]) -> list[dict[str, Any]]:
    ids: dict[int, list[int]] = defaultdict(list)
    for organ_id, pk in (
        selectors.memberships().filter(organ__in=rows).order_by("organ_id", "pk").values_list("organ_id", "pk")
    ):
        ids[organ_id].append(pk)
    return [objects.organization(o, ids[o.pk]) for o in rows]


def render_memberships(rows: list[Membership]) -> list[dict[str, Any]]:
    return [objects.membership(m) for m in rows]


def render_people(rows: list[Person]) -> list[dict[str, Any]]:
    by_person: dict[int, list[Membership]] = defaultdict(list)
    for m in (
        selectors.memberships()
        .filter(person__in=rows)
        .select_related("organ__organisation")
        .order_by("start_date", "pk")
    ):
        by_person[m.person_id].append(m)
    out = []
    for p in rows:
        ms = by_person[p.pk]
        out.append(objects.person(p, ms, selectors.body_of_organ(ms[0].organ) if ms else None))
    return out


def meeting_parts(meeting_ids: list[int], item_ids: list[int] | None = None) -> objects.MeetingParts:
    parts = objects.MeetingParts()
    items = selectors.agenda_items().filter(meeting_id__in=meeting_ids).order_by("position", "pk")
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    for item in items:
        parts.items.setdefault(item.meeting_id, []).append(item)
    all_item_ids = [i.pk for group in parts.items.values() for i in group]
    for a in selectors.files().filter(item_id__in=all_item_ids).order_by("uploaded_at", "pk"):
        parts.files.setdefault(a.item_id, []).append(a)
    for job in selectors.protocol_files().filter(meeting_id__in=meeting_ids).order_by("finished_at", "pk"):
        if job.meeting_id is not None:
            parts.protocols[job.meeting_id] = job  # the newest wins
    for item_id, pk in selectors.papers().filter(agenda_item_id__in=all_item_ids).values_list("agenda_item_id", "pk"):
        parts.papers[item_id] = pk
    for vote in selectors.votes().filter(item_id__in=all_item_ids):
        parts.votes[vote.item_id] = voting.vote_tally(vote)
    return parts


def render_meetings(rows: list[Meeting]) -> list[dict[str, Any]]:
    parts = meeting_parts([m.pk for m in rows])
    return [objects.meeting(m, parts) for m in rows]


def render_agenda_items(rows: list[AgendaItem]) -> list[dict[str, Any]]:
    parts = meeting_parts(list({i.meeting_id for i in rows}), [i.pk for i in rows])
    by_id = {i.pk: i for group in parts.items.values() for i in group}
    return [objects.agenda_item(by_id.get(i.pk, i), parts) for i in rows]


def render_papers(rows: list[Decision]) -> list[dict[str, Any]]:
    protocols = {
        job.meeting_id: job
        for job in selectors.protocol_files()
        .filter(meeting_id__in=[d.meeting_id for d in rows if d.meeting_id])
        .order_by("finished_at", "pk")
    }
    return [objects.paper(d, protocols.get(d.meeting_id)) for d in rows]


def render_proposals(rows: list[RatificationCase]) -> list[dict[str, Any]]:
    consultations: dict[int, list[AssemblyDecision]] = defaultdict(list)
    for row in (
        selectors.consultations()
        .filter(case__in=rows)
        .select_related("organisation")
        .order_by("organisation__kind", "organisation__name")
    ):
        consultations[row.case_id].append(row)
    docs: dict[int, list[Any]] = defaultdict(list)
    for doc in selectors.proposal_files().filter(case__in=rows).select_related("case").order_by("uploaded_at", "pk"):
        docs[doc.case_id].append(doc)
    originating = [c.originating_decision_id for c in rows if c.originating_decision_id]
    public = set(selectors.papers().filter(pk__in=originating).values_list("pk", flat=True))
    return [objects.proposal(c, consultations[c.pk], docs[c.pk], c.originating_decision_id in public) for c in rows]


def render_consultations(rows: list[AssemblyDecision]) -> list[dict[str, Any]]:
    return [objects.consultation(r) for r in rows]


def render_files(rows: list[Any]) -> list[dict[str, Any]]:
    return [objects.attachment_file(a) for a in rows]


# --- Base view ------------------------------------------------------------------------------------------------


class OParlView(APIView):
    """Anonymous, read-only; every error is an OParl Error object with a Swedish message."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head", "options"]

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, ApiError):
            status, message, debug = exc.status, exc.message, exc.debug
        elif isinstance(exc, (Http404, drf_exceptions.NotFound)):
            status, message, debug = 404, _("Det finns inget sådant objekt i API:t."), ""
        elif isinstance(exc, drf_exceptions.MethodNotAllowed):
            status, message, debug = 405, _("API:t går bara att läsa (GET)."), ""
        elif isinstance(exc, drf_exceptions.APIException):
            status, message, debug = exc.status_code, _("Begäran kunde inte tolkas."), str(exc.detail)
        else:
            raise exc
        response = json_response(self.request, error_body(status, message, debug), status=status)
        if status == 405:
            response["Allow"] = "GET, HEAD, OPTIONS"
        return response

    def object(self, payload: dict[str, Any]) -> HttpResponse:
        return json_response(self.request, payload)


def _one(qs: QuerySet[Any], pk: Any) -> Any:
    key = as_id(str(pk))
    if key is None:
        raise not_found()
    row = qs.filter(pk=key).first()
    if row is None:
        raise not_found()
    return row


def _int_filter(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name)
    if value is None:
        return None
    key = as_id(value)
    if key is None:
        raise ApiError(400, _("%(name)s ska vara ett id (ett heltal).") % {"name": name}, f"{name}={value!r}")
    return key


def _body_or_404(key: str) -> selectors.Body:
    body = selectors.body_get(key)
    if body is None:
        raise not_found()
    return body


# --- System and bodies -----------------------------------------------------------------------------------------


class SystemView(OParlView):
    @openapi.documented_object("System", operation_id="system_view")
    def get(self, request: Request) -> HttpResponse:
        return self.object(objects.system(selectors.bodies()))


def _render_bodies(rows: list[selectors.Body]) -> list[dict[str, Any]]:
    terms = selectors.legislative_terms(rows, timezone.localdate())
    return [objects.body(b, terms[b.key]) for b in rows]


class BodyList(OParlView):
    @openapi.documented_list("Body", operation_id="body_list")
    def get(self, request: Request) -> HttpResponse:
        params = list_params(request)
        rows = filter_items(selectors.bodies(), params, lambda b: b.created, lambda b: b.modified)
        return self.object(list_page("/api/bodies/", params, [Source(rows, _render_bodies, key=lambda b: b.key)]))


class BodyDetail(OParlView):
    @openapi.documented_object("Body", operation_id="body_detail")
    def get(self, request: Request, key: str) -> HttpResponse:
        return self.object(_render_bodies([_body_or_404(key)])[0])


def _terms(body: selectors.Body) -> list[selectors.LegislativeTerm]:
    return selectors.legislative_terms([body], timezone.localdate())[body.key]


class BodyTermList(OParlView):
    @openapi.documented_list("LegislativeTerm", operation_id="body_term_list")
    def get(self, request: Request, key: str) -> HttpResponse:
        body = _body_or_404(key)
        params = list_params(request)
        rows = filter_items(_terms(body), params, lambda t: t.stamp, lambda t: t.stamp)
        source = Source(rows, lambda ts: [objects.legislative_term(t) for t in ts], key=lambda t: t.key)
        return self.object(list_page(f"/api/bodies/{key}/legislative-terms/", params, [source]))


class LegislativeTermDetail(OParlView):
    @openapi.documented_object("LegislativeTerm", operation_id="legislative_term_detail")
    def get(self, request: Request, key: str) -> HttpResponse:
        body_key, _sep, year = key.rpartition(".")
        body = selectors.body_get(body_key) if year.isdigit() else None
        term = next((t for t in _terms(body) if t.key == key), None) if body else None
        if term is None:
            raise not_found()
        return self.object(objects.legislative_term(term))


# --- Lists per type: the same list with or without a Body -----------------------------------------------------


def _organs_of(body: selectors.Body) -> Any:
    return Organ.objects.filter(body.organ_q, is_public=True).values("pk")


def organization_sources(request: HttpRequest, params: ListParams, body: selectors.Body | None) -> list[Source]:
    qs = selectors.organizations()
    if body is not None:
        qs = qs.filter(body.organ_q)
    return [Source(filter_queryset(qs, params), render_organizations)]


def person_sources(request: HttpRequest, params: ListParams, body: selectors.Body | None) -> list[Source]:
    qs = selectors.people()
    if body is not None:
        in_body = Membership.objects.filter(person_id=OuterRef("pk"), organ__in=_organs_of(body))
        qs = qs.filter(Exists(in_body))
    return [Source(filter_queryset(qs, params), render_people)]


def membership_sources(request: HttpRequest, params: ListParams, body: selectors.Body | None) -> list[Source]:
    qs = selectors.memberships()
    for name, lookup in (("organization", "organ_id"), ("person", "person_id")):
        value = _int_filter(request, name)
        if value is not None:
            qs = qs.filter(**{lookup: value})
    return [Source(filter_queryset(qs, params), render_memberships)]


def meeting_sources(request: HttpRequest, params: ListParams, body: selectors.Body | None) -> list[Source]:
    qs = selectors.meetings()
    if body is not None:
        qs = qs.filter(organ__in=_organs_of(body))
    organization = _int_filter(request, "organization")
    if organization is not None:
        qs = qs.filter(organ_id=organization)
    return [Source(filter_queryset(qs, params), render_meetings)]


def agenda_item_sources(request: HttpRequest, params: ListParams, body: selectors.Body | None) -> list[Source]:
    qs = selectors.agenda_items()
    meeting = _int_filter(request, "meeting")
    if meeting is not None:
        qs = qs.filter(meeting_id=meeting)
    return [Source(filter_queryset(qs, params), render_agenda_items)]


def paper_sources(request: HttpRequest, params: ListParams, body: selectors.Body | None) -> list[Source]:
    decisions = selectors.papers(with_tombstones=params.tombstones)
    proposals = selectors.proposals()
    if body is not None:
        decisions = decisions.filter(organ__in=_organs_of(body))
        proposals = proposals.filter(sending_organ__in=_organs_of(body))
    organization = _int_filter(request, "organization")
    if organization is not None:
        decisions = decisions.filter(organ_id=organization)
        proposals = proposals.filter(sending_organ_id=organization)
    return [
        Source(filter_queryset(decisions, params), render_papers),
        Source(filter_queryset(proposals, params), render_proposals),
    ]


def file_sources(request: HttpRequest, params: ListParams, body: selectors.Body | None) -> list[Source]:
    qs = selectors.files()
    item = _int_filter(request, "agendaItem")
    if item is not None:
        qs = qs.filter(item_id=item)
    return [Source(filter_queryset(qs, params), render_files)]


def consultation_sources(request: HttpRequest, params: ListParams, body: selectors.Body | None) -> list[Source]:
    qs = selectors.consultations(with_tombstones=params.tombstones).select_related("organisation")
    case = request.GET.get("case")
    if case is not None:
        if not RatificationCase.objects.filter(slug=case).exists():
            raise ApiError(404, _("Det finns inget ratificeringsärende med det adressnamnet."), f"case={case!r}")
        qs = qs.filter(case__slug=case)
    return [Source(filter_queryset(qs, params), render_consultations)]


LISTS: dict[str, Callable[[HttpRequest, ListParams, selectors.Body | None], list[Source]]] = {
    "organizations": organization_sources,
    "people": person_sources,
    "memberships": membership_sources,
    "meetings": meeting_sources,
    "agenda-items": agenda_item_sources,
    "papers": paper_sources,
    "files": file_sources,
    "consultations": consultation_sources,
}
# The lists OParl asks of every Body.
BODY_LISTS = ("organizations", "people", "meetings", "papers")


# OParl type and the extra filters of each list, for the OpenAPI description.
LIST_DOCS: dict[str, tuple[str, list[Any]]] = {
    "organizations": ("Organization", []),
    "people": ("Person", []),
    "memberships": (
        "Membership",
        [openapi.id_filter("organization", "Organisationens id."), openapi.id_filter("person", "Personens id.")],
    ),
    "meetings": ("Meeting", [openapi.id_filter("organization", "Organisationens id.")]),
    "agenda-items": ("AgendaItem", [openapi.id_filter("meeting", "Sammanträdets id.")]),
    "papers": ("Paper", [openapi.id_filter("organization", "Organisationens id.")]),
    "files": ("File", [openapi.id_filter("agendaItem", "Ärendets id.")]),
    "consultations": (
        "Consultation",
        [openapi.OpenApiParameter("case", str, description="Ratificeringsärendets adressnamn.")],
    ),
}


class ObjectList(OParlView):
    kind = ""

    def get(self, request: Request, key: str | None = None) -> HttpResponse:
        body = _body_or_404(key) if key is not None else None
        params = list_params(request)
        sources = LISTS[self.kind](request, params, body)
        path = f"/api/bodies/{key}/{self.kind}/" if key is not None else f"/api/{self.kind}/"
        return self.object(list_page(path, params, sources))


def list_view(kind: str, *, in_body: bool = False) -> type[ObjectList]:
    name, extra = LIST_DOCS[kind]
    operation_id = ("body_" if in_body else "") + kind.replace("-", "_") + "_list"
    documented = openapi.documented_list(
        name, *([] if in_body else extra), summary=f"{name}: lista", operation_id=operation_id
    )

    def get(self: ObjectList, request: Request, key: str | None = None) -> HttpResponse:
        return ObjectList.get(self, request, key)

    prefix = "Body" if in_body else ""
    return type(f"{prefix}{kind.title().replace('-', '')}List", (ObjectList,), {"kind": kind, "get": documented(get)})


# --- Objects ----------------------------------------------------------------------------------------------------


class OrganizationDetail(OParlView):
    @openapi.documented_object("Organization", operation_id="organization_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        return self.object(render_organizations([_one(selectors.organizations(), pk)])[0])


class PersonDetail(OParlView):
    @openapi.documented_object("Person", operation_id="person_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        return self.object(render_people([_one(selectors.people(), pk)])[0])


class MembershipDetail(OParlView):
    @openapi.documented_object("Membership", operation_id="membership_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        return self.object(render_memberships([_one(selectors.memberships(), pk)])[0])


class MeetingDetail(OParlView):
    @openapi.documented_object("Meeting", operation_id="meeting_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        return self.object(render_meetings([_one(selectors.meetings(), pk)])[0])


class LocationDetail(OParlView):
    @openapi.documented_object("Location", operation_id="location_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        meeting = _one(selectors.meetings().exclude(location=""), pk)
        return self.object(objects.location(meeting))


class AgendaItemDetail(OParlView):
    @openapi.documented_object("AgendaItem", operation_id="agenda_item_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        return self.object(render_agenda_items([_one(selectors.agenda_items(), pk)])[0])


class PaperDetail(OParlView):
    @openapi.documented_object("Paper", operation_id="paper_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        # A withdrawn paper stays at its URL as a tombstone (OParl 1.1, "Gelöschte Objekte"), with status 200.
        return self.object(render_papers([_one(selectors.papers(with_tombstones=True), pk)])[0])


class PaperConsultationDetail(OParlView):
    @openapi.documented_object("Consultation", operation_id="paper_consultation_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = _one(selectors.papers(), pk)
        if not objects.has_public_consultation(decision):
            raise not_found()
        return self.object(objects.decision_consultation(decision))


class ProposalDetail(OParlView):
    @openapi.documented_object("Paper", operation_id="proposal_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        return self.object(render_proposals([_one(selectors.proposals(), pk)])[0])


class ConsultationDetail(OParlView):
    @openapi.documented_object("Consultation", operation_id="consultation_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        row = _one(selectors.consultations(with_tombstones=True).select_related("organisation"), pk)
        return self.object(objects.consultation(row))


class FileDetail(OParlView):
    @openapi.documented_object("File", operation_id="file_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        return self.object(objects.attachment_file(_one(selectors.files(), pk)))


class ProtocolFileDetail(OParlView):
    @openapi.documented_object("File", operation_id="protocol_file_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        return self.object(objects.protocol_file(_one(selectors.protocol_files(), pk)))


class ProposalFileDetail(OParlView):
    @openapi.documented_object("File", operation_id="proposal_file_detail")
    def get(self, request: Request, pk: int) -> HttpResponse:
        return self.object(objects.proposal_file(_one(selectors.proposal_files().select_related("case"), pk)))


def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    body = error_body(404, _("Det finns ingen sådan adress i API:t. Börja vid /api/."), request.path)
    return json_response(request, {**body, "lgl:index": site_url("/api/")}, status=404)
