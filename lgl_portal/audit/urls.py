from django.urls import path

from lgl_portal.audit import views

app_name = "audit"

urlpatterns = [
    path("granskning/", views.entry_list, name="entry_list"),
    path("granskning/<int:pk>/", views.entry_detail, name="entry_detail"),
]
