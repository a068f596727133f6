from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("moten/", views.meeting_list, name="meeting_list"),
    path("moten/nytt/", views.meeting_create, name="meeting_create"),
    path("moten/sammantradesplan/", views.plan_create, name="plan_create"),
    path("moten/handling/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/redigera/", views.meeting_edit, name="meeting_edit"),
    path("moten/<int:pk>/kallelse/", views.kallelse_send, name="kallelse_send"),
    path("moten/<int:pk>/genomfort/", views.meeting_mark_held, name="meeting_mark_held"),
    path("moten/<int:pk>/arenden/nytt/", views.item_create, name="item_create"),
    path("moten/<int:pk>/arenden/<int:item_pk>/redigera/", views.item_edit, name="item_edit"),
    path("moten/<int:pk>/arenden/<int:item_pk>/flytta/", views.item_move, name="item_move"),
    path("moten/<int:pk>/arenden/<int:item_pk>/ta-bort/", views.item_delete, name="item_delete"),
    path("moten/<int:pk>/arenden/<int:item_pk>/protokoll/", views.item_protocol, name="item_protocol"),
    path("moten/<int:pk>/arenden/<int:item_pk>/autospara/", views.item_autosave, name="item_autosave"),
    path("moten/<int:pk>/arenden/<int:item_pk>/historik/", views.item_history, name="item_history"),
    path("moten/<int:pk>/narvaro/", views.attendance, name="attendance"),
    path("moten/<int:pk>/narvaro/fyll-i/", views.attendance_prefill, name="attendance_prefill"),
    path("moten/<int:pk>/narvaro/<int:attendance_pk>/", views.attendance_update, name="attendance_update"),
    path("moten/<int:pk>/protokoll/", views.protocol, name="protocol"),
    path("moten/<int:pk>/protokoll/skicka-for-justering/", views.justering_send, name="justering_send"),
    path("moten/<int:pk>/justering/", views.justering, name="justering"),
    path("moten/<int:pk>/justering/kommentar/<int:item_pk>/", views.justering_comment, name="justering_comment"),
    path("moten/<int:pk>/anslag/", views.meeting_post, name="meeting_post"),
    path("moten/<int:pk>/rattelse/", views.protocol_correction, name="protocol_correction"),
    path("moten/<int:pk>/utdrag/", views.protocol_extract, name="protocol_extract"),
    path("anslagstavla/", views.anslagstavla, name="anslagstavla"),
    path("kalender.ics", views.calendar_all, name="calendar"),
    path("organ/<slug:slug>/kalender.ics", views.calendar_organ, name="calendar_organ"),
]
