"""Included under personer/<pk>/personuppgifter/ by groups/urls.py; the names live in the groups namespace."""

from django.urls import path

from groups import privacy_views

urlpatterns = [
    path("", privacy_views.person_privacy, name="person_privacy"),
    path("export.json", privacy_views.person_data_download, name="person_data_export"),
]
