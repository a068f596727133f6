from django.urls import path

from decisions import feeds, views
from lgl_portal.core.cache import public_cache

app_name = "decisions"

urlpatterns = [
    path("beslut/", views.decision_list, name="list"),
    path("beslut/flode.atom", public_cache(feeds.SummaryFeed()), name="feed"),
    path("beslut/<int:pk>/", views.decision_detail, name="detail"),
    path("beslut/hantera/", views.manage_list, name="manage"),
    path("beslut/nytt/", views.decision_edit, name="create"),
    path("beslut/<int:pk>/redigera/", views.decision_edit, name="edit"),
    path("beslut/<int:pk>/publicera/", views.decision_publish, name="publish"),
    path("beslut/<int:pk>/avpublicera/", views.decision_depublish, name="depublish"),
    path("beslut/<int:pk>/sammanfattning/", views.summary_edit, name="summary_edit"),
    path("beslut/<int:pk>/sammanfattning/publicera/", views.summary_publish, name="summary_publish"),
    path("beslut/<int:pk>/sammanfattning/avpublicera/", views.summary_depublish, name="summary_depublish"),
    path("beslut/<int:decision_pk>/uppdrag/nytt/", views.assignment_edit, name="assignment_create"),
    path("beslut/uppdrag/", views.assignment_overview, name="assignment_overview"),
    path("beslut/uppdrag/<int:pk>/", views.assignment_edit, name="assignment_edit"),
    path("sok/", views.search, name="search"),
]
