from django.urls import include, path

from groups import views

app_name = "groups"

urlpatterns = [
    path("organ/", views.organ_list, name="organ_list"),
    path("organ/<slug:slug>/", views.organ_detail, name="organ_detail"),
    path("organ/<slug:slug>/redigera/", views.organ_edit, name="organ_edit"),
    path("organ/<slug:slug>/uppdrag/nytt/", views.membership_create, name="membership_create"),
    path("organ/<slug:slug>/vakant/ny/", views.vacant_seat_create, name="vacant_seat_create"),
    path("vakant-plats/<int:pk>/avsluta/", views.vacant_seat_end, name="vacant_seat_end"),
    path("medlemskap/<int:pk>/avsluta/", views.membership_end, name="membership_end"),
    path("medlemskap/<int:pk>/ersatt/", views.membership_replace, name="membership_replace"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/ny/", views.person_create, name="person_create"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
    path("personer/<int:pk>/redigera/", views.person_edit, name="person_edit"),
    path("personer/<int:pk>/personuppgifter/", include("groups.privacy_urls")),
]
