from django.urls import path

from decisions.ratification import views

app_name = "ratification"

urlpatterns = [
    path("ratificering/", views.case_list, name="case_list"),
    path("ratificering/nytt/", views.case_create, name="case_create"),
    path("ratificering/<slug:slug>/", views.case_detail, name="case_detail"),
    path("ratificering/<slug:slug>/redigera/", views.case_edit, name="case_edit"),
    path("ratificering/<slug:slug>/fullmaktige/", views.case_required, name="case_required"),
    path("ratificering/<slug:slug>/saknas/", views.case_missing, name="missing"),
    path("ratificering/<slug:slug>/dag/", views.assembly_register_day, name="register_day"),
    path("ratificering/<slug:slug>/handlingar/ny/", views.document_add, name="document_add"),
    path("ratificering/<slug:slug>/handlingar/<int:pk>/", views.document_download, name="document_download"),
    path("ratificering/<slug:slug>/<int:pk>/registrera/", views.assembly_register, name="register"),
    path("ratificering/<slug:slug>/<int:pk>/granska/", views.assembly_confirm_change, name="confirm_change"),
    path("ratificering/<slug:slug>/<int:pk>/utdrag/", views.extract_download, name="extract_download"),
]
