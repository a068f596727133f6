from django.urls import path

from meetings.expediering import views

app_name = "expediering"

urlpatterns = [
    path("moten/<int:pk>/expediering/", views.overview, name="overview"),
    path("moten/<int:pk>/expediering/mottagare/", views.recipient_add, name="recipient_add"),
    path("moten/<int:pk>/expediering/mottagare/ta-bort/", views.recipient_remove, name="recipient_remove"),
    path("moten/<int:pk>/expediering/skicka/", views.send, name="send"),
    path("moten/<int:pk>/expediering/forsok-igen/", views.retry, name="retry"),
]
