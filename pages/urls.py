from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("", views.start, name="start"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
