from django.urls import path

from meetings.documents import views

app_name = "documents"

urlpatterns = [
    path("dokument/moten/<int:meeting_id>/skapa/", views.document_request, name="request"),
    path("dokument/<int:job_id>/", views.document_detail, name="detail"),
    path("dokument/<int:job_id>/fil/", views.document_download, name="download"),
    path("dokument/<int:job_id>/forsok-igen/", views.document_retry, name="retry"),
]
