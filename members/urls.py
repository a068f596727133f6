from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("mina-sidor/", views.my_pages, name="my_pages"),
    path("mina-sidor/arende/<int:item_id>/last/", views.item_read_toggle, name="item_read"),
    path("mina-sidor/arende/<int:item_id>/anteckning/", views.item_note_save, name="item_note"),
    path("mina-sidor/arende/<int:item_id>/fraga/", views.item_question_ask, name="item_question"),
    path("mina-sidor/fraga/<int:pk>/besvarad/", views.question_answered, name="question_answered"),
]
