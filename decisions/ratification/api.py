"""Read-only JSON: each required assembly's handling of a case as an OParl 1.1 Consultation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.request import Request

from decisions.ratification.models import AssemblyDecision, RatificationCase

OPARL_CONSULTATION = "https://schema.oparl.org/1.1/Consultation"


class ConsultationSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()
    paper = serializers.SerializerMethodField()
    agendaItem = serializers.SerializerMethodField()
    meeting = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField()
    authoritative = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    keyword = serializers.SerializerMethodField()
    web = serializers.SerializerMethodField()
    created = serializers.DateTimeField(source="created_at")
    modified = serializers.DateTimeField(source="updated_at")
    deleted = serializers.SerializerMethodField()

    class Meta:
        model = AssemblyDecision
        fields = [
            "id",
            "type",
            "paper",
            "agendaItem",
            "meeting",
            "organization",
            "authoritative",
            "role",
            "keyword",
            "web",
            "created",
            "modified",
            "deleted",
        ]

    def _url(self, path: str) -> str:
        return self.context["request"].build_absolute_uri(path)

    def get_id(self, obj: AssemblyDecision) -> str:
        return self._url(reverse("ratification:api_consultation_detail", args=[obj.pk]))

    def get_type(self, obj: AssemblyDecision) -> str:
        return OPARL_CONSULTATION

    def get_paper(self, obj: AssemblyDecision) -> str:
        # The joint proposal is the paper every assembly consults; the portal publishes it on the case page.
        return self._url(reverse("ratification:case_detail", args=[obj.case.slug]))

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_agendaItem(self, obj: AssemblyDecision) -> None:
        # The assemblies' own agenda items live in each principal's system, not in the portal.
        return None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_meeting(self, obj: AssemblyDecision) -> None:
        return None

    def get_organization(self, obj: AssemblyDecision) -> list[str]:
        if obj.assembly is None:
            return []
        return [self._url(reverse("groups:organ_detail", args=[obj.assembly.slug]))]

    def get_authoritative(self, obj: AssemblyDecision) -> bool:
        return True

    def get_role(self, obj: AssemblyDecision) -> str:
        return _("Beslut")

    def get_keyword(self, obj: AssemblyDecision) -> list[str]:
        words = [_("ratificering")]
        words.append(obj.get_outcome_display().lower() if obj.outcome else _("inte beslutat"))
        return words

    def get_web(self, obj: AssemblyDecision) -> str:
        return self._url(reverse("ratification:case_detail", args=[obj.case.slug])) + f"#fullmaktige-{obj.pk}"

    def get_deleted(self, obj: AssemblyDecision) -> bool:
        return obj.removed_at is not None


def _queryset() -> QuerySet[AssemblyDecision]:
    return AssemblyDecision.objects.select_related("case", "assembly").order_by("case_id", "id")


class ConsultationList(generics.ListAPIView):
    """Consultations, filterable by `case` (a case's slug) and `modified_since` (ISO 8601)."""

    serializer_class = ConsultationSerializer

    def get_queryset(self) -> QuerySet[AssemblyDecision]:
        request: Request = self.request
        qs = _queryset()
        slug = request.query_params.get("case")
        if slug is not None:
            if not RatificationCase.objects.filter(slug=slug).exists():
                raise NotFound(_("Det finns inget ratificeringsärende med det adressnamnet."))
            qs = qs.filter(case__slug=slug)
        since = request.query_params.get("modified_since")
        if since is not None:
            try:
                parsed = parse_datetime(since)
            except ValueError:
                parsed = None
            if parsed is None:
                raise ParseError(_("modified_since ska vara en tidpunkt i ISO 8601, t.ex. 2023-10-01T00:00:00Z."))
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=dt.UTC)
            qs = qs.filter(updated_at__gte=parsed)
        return qs


class ConsultationDetail(generics.RetrieveAPIView):
    serializer_class = ConsultationSerializer

    def get_object(self) -> Any:
        raw = str(self.kwargs["pk"])
        if not raw.isdigit():
            raise NotFound(_("Ogiltigt id."))
        obj = _queryset().filter(pk=int(raw)).first()
        if obj is None:
            raise NotFound(_("Det finns ingen sådan behandling."))
        return obj
