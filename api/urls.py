"""/api/: the open data (OParl 1.1), its OpenAPI schema and the documentation rendered from it."""

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.urls import path, re_path

from api import docs, views
from api.http import compressed

app_name = "api"


def _v(view_class: Any) -> Callable[..., HttpResponse]:
    return compressed(view_class.as_view())


urlpatterns = [
    path("api/", _v(views.SystemView), name="system"),
    path("api/schema/", docs.schema_view, name="schema"),
    path("api/dokumentation/", docs.docs_view, name="docs"),
    path("api/dokumentation/swagger/", docs.swagger_view, name="swagger"),
    path("api/bodies/", _v(views.BodyList), name="body_list"),
    path("api/bodies/<slug:key>/", _v(views.BodyDetail), name="body_detail"),
    path("api/bodies/<slug:key>/legislative-terms/", _v(views.BodyTermList), name="body_terms"),
    path("api/legislative-terms/<str:key>/", _v(views.LegislativeTermDetail), name="legislativeterm_detail"),
    path("api/organizations/<int:pk>/", _v(views.OrganizationDetail), name="organization_detail"),
    path("api/people/<int:pk>/", _v(views.PersonDetail), name="person_detail"),
    path("api/memberships/<int:pk>/", _v(views.MembershipDetail), name="membership_detail"),
    path("api/meetings/<int:pk>/", _v(views.MeetingDetail), name="meeting_detail"),
    path("api/locations/<int:pk>/", _v(views.LocationDetail), name="location_detail"),
    path("api/agenda-items/<int:pk>/", _v(views.AgendaItemDetail), name="agendaitem_detail"),
    path("api/papers/<int:pk>/", _v(views.PaperDetail), name="paper_detail"),
    path("api/papers/<int:pk>/consultation/", _v(views.PaperConsultationDetail), name="paper_consultation"),
    path("api/proposals/<int:pk>/", _v(views.ProposalDetail), name="proposal_detail"),
    path("api/consultations/<int:pk>/", _v(views.ConsultationDetail), name="consultation_detail"),
    path("api/files/<int:pk>/", _v(views.FileDetail), name="file_detail"),
    path("api/protocol-files/<int:pk>/", _v(views.ProtocolFileDetail), name="protocolfile_detail"),
    path("api/proposal-files/<int:pk>/", _v(views.ProposalFileDetail), name="proposalfile_detail"),
]
for _kind in views.LISTS:
    urlpatterns.append(path(f"api/{_kind}/", _v(views.list_view(_kind)), name=f"{_kind.replace('-', '')}_list"))
for _kind in views.BODY_LISTS:
    urlpatterns.append(
        path(
            f"api/bodies/<slug:key>/{_kind}/",
            _v(views.list_view(_kind, in_body=True)),
            name=f"body_{_kind.replace('-', '')}",
        )
    )
# Anything else under /api/ answers with an OParl Error in JSON, never an HTML page.
# [\s\S]: a path with a newline in it must land here too, not on an HTML page.
urlpatterns.append(re_path(r"^api/(?P<rest>[\s\S]*)$", views.unknown, name="unknown"))
