"""Samordnande grupper, plans with workstreams, and nyckeltal."""

from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("grupper/", views.group_list, name="group_list"),
    path("grupper/aktivitet/<int:pk>/", views.action_edit, name="action_edit"),
    path("grupper/handlingsplan/<int:pk>/aktivitet/ny/", views.action_create, name="action_create"),
    path("grupper/handlingsplan/<int:pk>/rapportera/", views.action_plan_report, name="action_plan_report"),
    path("grupper/<slug:slug>/", views.group_detail, name="group_detail"),
    path("planer/", views.plan_list, name="plan_list"),
    path("planer/arbete/<int:pk>/", views.workstream_detail, name="workstream_detail"),
    path("planer/arbete/<int:pk>/status/", views.workstream_status, name="workstream_status"),
    path("planer/arbete/<int:pk>/kopplingar/", views.workstream_links, name="workstream_links"),
    path("planer/arbete/<int:pk>/delmal/ny/", views.milestone_create, name="milestone_create"),
    path("planer/delmal/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("planer/<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("planer/<slug:slug>/tidslinje/", views.plan_timeline, name="plan_timeline"),
    path("planer/<slug:slug>/statusrapport/", views.plan_status_report, name="plan_status_report"),
    path("nyckeltal/", views.indicator_list, name="indicator_list"),
    path("nyckeltal/import/", views.measurement_import, name="measurement_import"),
    path("nyckeltal/<slug:slug>/", views.indicator_detail, name="indicator_detail"),
    path("nyckeltal/<slug:slug>/varde/nytt/", views.measurement_create, name="measurement_create"),
]
