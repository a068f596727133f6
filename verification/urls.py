from django.urls import path

from verification import views

app_name = "verification"

urlpatterns = [
    path("verifiera/", views.verify, name="verify"),
    path("api/verifiera/", views.verify_api, name="api_verify"),
]
