"""The open, read-only JSON API at /api/, with OParl 1.1 object names and fields where they fit.

Body = organisation, Organization = organ, Person, Membership, Meeting, AgendaItem, Paper = decision,
File = public handling (Consultation is served by the ratification app). Only public data: organs marked
public, meetings from kallelse on, non-confidential items, public decisions (see decisions.selectors),
attachments marked public once the protocol is justerat. Never drafts, unpublished summaries, private notes,
questions or e-mail addresses. Lists use cursor pagination (no COUNT over big tables).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.models import Decision, Summary
from decisions.selectors import LOCKED, PUBLIC_AGENDA_STATUSES, public_decision_q
from groups.models import Membership, Organ, Organisation, Person
from meetings import selectors as meeting_selectors
from meetings.models import AgendaItem, Attachment, Meeting

OPARL = "https://schema.oparl.org/1.1/"


class OParlPagination(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "limit"
    ordering = "-id"


def _abs(context: dict[str, Any], path_: str) -> str:
    return context["request"].build_absolute_uri(path_)


class _Base(serializers.Serializer):
    oparl_type = ""
    route = ""
    id = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()

    def get_id(self, obj: Any) -> str:
        return _abs(self.context, f"/api/{self.route}/{obj.pk}/")

    def get_type(self, obj: Any) -> str:
        return OPARL + self.oparl_type

    def ref(self, route: str, pk: int | None) -> str | None:
        return _abs(self.context, f"/api/{route}/{pk}/") if pk else None


class BodySerializer(_Base):
    oparl_type, route = "Body", "bodies"
    name = serializers.CharField()
    shortName = serializers.CharField(source="short_name")
    classification = serializers.CharField(source="get_kind_display")


class OrganizationSerializer(_Base):
    oparl_type, route = "Organization", "organizations"
    name = serializers.CharField()
    shortName = serializers.CharField(source="short_name")
    organizationType = serializers.CharField(source="get_kind_display")
    body = serializers.SerializerMethodField()
    subOrganizationOf = serializers.SerializerMethodField()
    web = serializers.SerializerMethodField()

    def get_body(self, obj: Organ) -> str | None:
        return self.ref("bodies", obj.organisation_id)

    def get_subOrganizationOf(self, obj: Organ) -> str | None:
        return self.ref("organizations", obj.parent_id)

    def get_web(self, obj: Organ) -> str:
        return _abs(self.context, f"/organ/{obj.slug}/")


class PersonSerializer(_Base):
    oparl_type, route = "Person", "people"
    name = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    affix = serializers.CharField(source="party")

    def get_name(self, obj: Person) -> str:
        return str(obj.public_name) if obj.anonymised_at else obj.name

    def get_title(self, obj: Person) -> list[str]:
        return [] if obj.anonymised_at or not obj.title else [obj.title]


class MembershipSerializer(_Base):
    oparl_type, route = "Membership", "memberships"
    person = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField()
    role = serializers.CharField(source="get_role_display")
    votingRight = serializers.SerializerMethodField()
    startDate = serializers.DateField(source="start_date")
    endDate = serializers.DateField(source="end_date")
    onBehalfOf = serializers.SerializerMethodField()

    def get_person(self, obj: Membership) -> str | None:
        return self.ref("people", obj.person_id)

    def get_organization(self, obj: Membership) -> str | None:
        return self.ref("organizations", obj.organ_id)

    def get_votingRight(self, obj: Membership) -> bool:
        return obj.role in Membership.DECIDING_ROLES

    def get_onBehalfOf(self, obj: Membership) -> str | None:
        return self.ref("bodies", obj.representing_id)


class MeetingSerializer(_Base):
    oparl_type, route = "Meeting", "meetings"
    name = serializers.SerializerMethodField()
    meetingState = serializers.CharField(source="get_status_display")
    cancelled = serializers.SerializerMethodField()
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    location = serializers.CharField()
    organization = serializers.SerializerMethodField()

    def get_name(self, obj: Meeting) -> str:
        return obj.title or f"{obj.organ.name} {obj.date.isoformat()}"

    def get_cancelled(self, obj: Meeting) -> bool:
        return False

    def get_start(self, obj: Meeting) -> str:
        return f"{obj.date.isoformat()}T{obj.start_time.isoformat()}" if obj.start_time else obj.date.isoformat()

    def get_end(self, obj: Meeting) -> str | None:
        return f"{obj.date.isoformat()}T{obj.end_time.isoformat()}" if obj.end_time else None

    def get_organization(self, obj: Meeting) -> list[str]:
        return [self.ref("organizations", obj.organ_id) or ""]

    def to_representation(self, instance: Meeting) -> dict[str, Any]:
        data = super().to_representation(instance)
        # Vendor extension (OParl allows prefixed properties): the bevis om anslag with the same dates the
        # meeting page and the PDF print; only once it has been posted.
        anslag = meeting_selectors.anslag_open_data(meeting=instance)
        if anslag:
            data["lgl:anslag"] = anslag
        return data


class AgendaItemSerializer(_Base):
    oparl_type, route = "AgendaItem", "agenda-items"
    meeting = serializers.SerializerMethodField()
    number = serializers.SerializerMethodField()
    order = serializers.IntegerField(source="position")
    name = serializers.CharField(source="title")
    public = serializers.SerializerMethodField()
    result = serializers.CharField(source="get_kind_display")
    resolutionText = serializers.SerializerMethodField()

    def get_meeting(self, obj: AgendaItem) -> str | None:
        return self.ref("meetings", obj.meeting_id)

    def get_number(self, obj: AgendaItem) -> str:
        return obj.organ.format_paragraph(obj.paragraph_number, obj.paragraph_year)

    def get_public(self, obj: AgendaItem) -> bool:
        return True

    def get_resolutionText(self, obj: AgendaItem) -> str:
        # The decision text is public only once the protocol is justerat.
        return obj.decision_text if obj.meeting.status in LOCKED else ""


class PaperSerializer(_Base):
    oparl_type, route = "Paper", "papers"
    name = serializers.CharField(source="title")
    reference = serializers.CharField(source="diarienummer")
    date = serializers.DateField(source="decided_on")
    paperType = serializers.CharField(source="get_kind_display")
    paragraph = serializers.CharField(source="paragraph_label")
    text = serializers.CharField()
    condition = serializers.CharField(source="condition_text")
    status = serializers.CharField(source="get_status_display")
    keyword = serializers.SerializerMethodField()
    underDirectionOf = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    web = serializers.SerializerMethodField()

    def get_keyword(self, obj: Decision) -> list[str]:
        return [a.name for a in obj.areas.all()]

    def get_underDirectionOf(self, obj: Decision) -> list[str]:
        return [self.ref("organizations", obj.organ_id) or ""]

    def get_summary(self, obj: Decision) -> dict[str, Any] | None:
        # Only a published summary: a draft or a depublished one is not public.
        try:
            s: Summary = obj.summary
        except Summary.DoesNotExist:
            return None
        if not s.is_published:
            return None
        return {
            "title": s.title,
            "background": s.background,
            "bullets": s.bullet_list,
            "published": s.published_at,
            "modified": s.updated_at,
        }

    def get_web(self, obj: Decision) -> str:
        return _abs(self.context, f"/beslut/{obj.pk}/")


class FileSerializer(_Base):
    oparl_type, route = "File", "files"
    name = serializers.CharField(source="title")
    mimeType = serializers.CharField(source="content_type")
    size = serializers.IntegerField()
    accessUrl = serializers.SerializerMethodField()
    agendaItem = serializers.SerializerMethodField()

    def get_accessUrl(self, obj: Attachment) -> str:
        return obj.url if obj.url else _abs(self.context, f"/moten/handling/{obj.pk}/")

    def get_agendaItem(self, obj: Attachment) -> list[str]:
        return [self.ref("agenda-items", obj.item_id) or ""]


# --- Querysets: the one definition of what the API may show ----------------------------------------------------


def public_bodies() -> QuerySet[Organisation]:
    return Organisation.objects.all()


def public_organs() -> QuerySet[Organ]:
    return Organ.objects.filter(is_public=True)


def public_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(organ__is_public=True)


def public_people() -> QuerySet[Person]:
    return Person.objects.filter(id__in=public_memberships().values("person_id"))


def public_meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(organ__is_public=True, status__in=PUBLIC_AGENDA_STATUSES)
        .select_related("organ")
        .prefetch_related("organ__notice_boards", "notice_postings__organisation")
    )


def public_agenda_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(
        meeting__organ__is_public=True, meeting__status__in=PUBLIC_AGENDA_STATUSES, is_confidential=False
    ).select_related("organ", "meeting")


def public_files() -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        is_public=True,
        item__is_confidential=False,
        item__meeting__organ__is_public=True,
        item__meeting__status__in=LOCKED,
    )


def _int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise ApiValidationError({name: _("Ange ett heltal.")}) from exc


class _List(generics.ListAPIView):
    pagination_class = OParlPagination


def _endpoint(
    name: str, serializer: type[serializers.Serializer], queryset: Any, filters: dict[str, str] | None = None
) -> tuple[type[generics.ListAPIView], type[generics.RetrieveAPIView]]:
    """A list and a detail view over one public queryset; `filters` maps query params to integer lookups."""

    def get_queryset(self: Any) -> QuerySet[Any]:
        qs = queryset()
        for param, lookup in (filters or {}).items():
            value = _int_param(self.request, param)
            if value is not None:
                qs = qs.filter(**{lookup: value})
        return qs

    list_view = type(f"{name}List", (_List,), {"serializer_class": serializer, "get_queryset": get_queryset})
    detail_view = type(
        f"{name}Detail",
        (generics.RetrieveAPIView,),
        {"serializer_class": serializer, "get_queryset": lambda self: queryset()},
    )
    return list_view, detail_view


def _papers() -> QuerySet[Decision]:
    return Decision.objects.filter(public_decision_q()).select_related("summary").prefetch_related("areas")


ENDPOINTS = {
    "bodies": _endpoint("Body", BodySerializer, public_bodies),
    "organizations": _endpoint("Organization", OrganizationSerializer, public_organs),
    "people": _endpoint("Person", PersonSerializer, public_people),
    "memberships": _endpoint(
        "Membership", MembershipSerializer, public_memberships, {"organization": "organ_id", "person": "person_id"}
    ),
    "meetings": _endpoint("Meeting", MeetingSerializer, public_meetings, {"organization": "organ_id"}),
    "agenda-items": _endpoint("AgendaItem", AgendaItemSerializer, public_agenda_items, {"meeting": "meeting_id"}),
    "papers": _endpoint("Paper", PaperSerializer, _papers, {"organization": "organ_id"}),
    "files": _endpoint("File", FileSerializer, public_files, {"agendaItem": "item_id"}),
}


class ApiRoot(APIView):
    """Every endpoint of the open API, including the ratification app's consultations."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        names = [*ENDPOINTS, "consultations"]
        return Response(
            {
                "type": OPARL + "System",
                "oparlVersion": "https://schema.oparl.org/1.1/",
                "name": "LGL öppna data",
                "license": "https://creativecommons.org/publicdomain/zero/1.0/",
                "schema": request.build_absolute_uri("/api/schema/"),
                "endpoints": {name: request.build_absolute_uri(f"/api/{name}/") for name in names},
            }
        )


def _schema_view() -> Any:
    from drf_spectacular.views import SpectacularAPIView

    return SpectacularAPIView.as_view()


urlpatterns = [
    path("api/", ApiRoot.as_view(), name="api_root"),
    path("api/schema/", _schema_view(), name="api_schema"),
]
for _name, (_list, _detail) in ENDPOINTS.items():
    urlpatterns += [
        path(f"api/{_name}/", _list.as_view(), name=f"api_{_name}_list"),
        path(f"api/{_name}/<int:pk>/", _detail.as_view(), name=f"api_{_name}_detail"),
    ]


def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse({"detail": _("Det finns ingen sådan adress i API:t."), "index": "/api/"}, status=404)


# Unknown API addresses answer in JSON too. The ratification app's /api/consultations/ is routed after this
# module, so it is left out here.
urlpatterns.append(re_path(r"^api/(?!consultations/)(?P<rest>.*)$", api_not_found))
