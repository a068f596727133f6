from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from lgl_portal.core.forms import LoginForm

urlpatterns = [
    path("", include("lgl_portal.core.urls")),
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset by e-mail and password change: Django's views, the portal's templates.
    path("konto/", include("django.contrib.auth.urls")),
    path("sprak/", set_language, name="set_language"),
    path("", include("groups.urls")),
    path("", include("meetings.urls")),
    path("", include("meetings.documents.urls")),
    path("", include("decisions.urls")),
    path("", include("decisions.ratification.urls")),
    path("", include("plans.urls")),
    path("admin/", admin.site.urls),
]
