from django.urls import path

from meetings.views import after_justering, agenda, attendance, calendar, justering, planning, protocol, public

app_name = "meetings"

urlpatterns = [
    path("moten/", public.meeting_list, name="meeting_list"),
    path("moten/nytt/", planning.meeting_create, name="meeting_create"),
    path("moten/sammantradesplan/", planning.plan_create, name="plan_create"),
    path("moten/handling/<int:pk>/", public.attachment_download, name="attachment_download"),
    path("moten/<int:pk>/", public.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/redigera/", planning.meeting_edit, name="meeting_edit"),
    path("moten/<int:pk>/kallelse/", planning.kallelse_send, name="kallelse_send"),
    path("moten/<int:pk>/genomfort/", planning.meeting_mark_held, name="meeting_mark_held"),
    path("moten/<int:pk>/stall-in/", planning.meeting_cancel, name="meeting_cancel"),
    path("moten/<int:pk>/flytta/", planning.meeting_move, name="meeting_move"),
    path("moten/<int:pk>/arenden/nytt/", agenda.item_create, name="item_create"),
    path("moten/<int:pk>/arenden/<int:item_pk>/redigera/", agenda.item_edit, name="item_edit"),
    path("moten/<int:pk>/arenden/<int:item_pk>/flytta/", agenda.item_move, name="item_move"),
    path("moten/<int:pk>/arenden/<int:item_pk>/ta-bort/", agenda.item_delete, name="item_delete"),
    path("moten/<int:pk>/arenden/<int:item_pk>/protokoll/", protocol.item_protocol, name="item_protocol"),
    path("moten/<int:pk>/arenden/<int:item_pk>/autospara/", protocol.item_autosave, name="item_autosave"),
    path("moten/<int:pk>/arenden/<int:item_pk>/historik/", protocol.item_history, name="item_history"),
    path("moten/<int:pk>/narvaro/", attendance.attendance, name="attendance"),
    path("moten/<int:pk>/narvaro/fyll-i/", attendance.attendance_prefill, name="attendance_prefill"),
    path("moten/<int:pk>/narvaro/<int:attendance_pk>/", attendance.attendance_update, name="attendance_update"),
    path("moten/<int:pk>/protokoll/", protocol.protocol, name="protocol"),
    path("moten/<int:pk>/protokoll/skicka-for-justering/", justering.justering_send, name="justering_send"),
    path("moten/<int:pk>/justering/", justering.justering, name="justering"),
    path("moten/<int:pk>/justering/kommentar/<int:item_pk>/", justering.justering_comment, name="justering_comment"),
    path("moten/<int:pk>/anslag/", after_justering.meeting_post, name="meeting_post"),
    path("moten/<int:pk>/rattelse/", after_justering.protocol_correction, name="protocol_correction"),
    path("moten/<int:pk>/utdrag/", after_justering.protocol_extract, name="protocol_extract"),
    path("anslagstavla/", public.anslagstavla, name="anslagstavla"),
    path("kalender.ics", calendar.calendar_all, name="calendar"),
    path("organ/<slug:slug>/kalender.ics", calendar.calendar_organ, name="calendar_organ"),
]
