from django.urls import path
from django.views.generic import RedirectView

from lgl_portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("konto/logga-in/kod/", views.login_verify, name="login_verify"),
    path("konto/tvastegsverifiering/", views.two_factor, name="two_factor"),
    # django.contrib.auth.urls also routes konto/login/; it must not become a way around the second step.
    path("konto/login/", RedirectView.as_view(url="/konto/logga-in/", query_string=True), name="django_login"),
]
