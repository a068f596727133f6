from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from lgl_portal.accounts.forms import PortalPasswordResetForm
from lgl_portal.accounts.views import PortalLoginView

urlpatterns = [
    # First: the public decision pages and the search are what visitors ask for most, and Django tries the
    # patterns in order (a page further down costs every pattern above it: ~80 regex tests). Nothing else
    # matches their addresses (tests/core/test_urls.py: every named address resolves to its own view).
    path("", include("decisions.urls")),
    path("", include("lgl_portal.core.urls")),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("lgl_portal.accounts.urls")),
    # Password reset by e-mail and password change: Django's views, the portal's templates. The reset form is
    # routed here first so that its mail goes the portal's one way (lgl_portal/core/mail.py).
    path(
        "konto/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PortalPasswordResetForm),
        name="password_reset",
    ),
    path("konto/", include("django.contrib.auth.urls")),
    # After the include on purpose: reverse("login") takes the last pattern of that name, so LOGIN_URL and
    # {% url 'login' %} lead here (password, then the TOTP step), never to django.contrib.auth's konto/login/.
    path("konto/logga-in/", PortalLoginView.as_view(), name="login"),
    # Without a CSRF token: the switch changes only the visitor's own language cookie (no account, no data; `next`
    # must stay on this site, as Django checks), so a forged switch costs a visitor one click back. Carrying a token
    # made every public page set a CSRF cookie and compute a token, a twentieth of an uncached decision page.
    path("sprak/", csrf_exempt(set_language), name="set_language"),
    path("", include("groups.urls")),
    path("", include("meetings.urls")),
    path("", include("meetings.documents.urls")),
    path("", include("meetings.expediering.urls")),
    # Before api: its catch-all answers unknown /api/… addresses with a JSON 404.
    path("", include("verification.urls")),
    path("", include("decisions.ratification.urls")),
    path("", include("plans.urls")),
    path("", include("members.urls")),
    path("", include("pages.urls")),
    path("", include("api.urls")),
    path("", include("lgl_portal.audit.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "lgl_portal.core.errors.bad_request"
handler403 = "lgl_portal.core.errors.permission_denied"
handler404 = "lgl_portal.core.errors.page_not_found"
handler500 = "lgl_portal.core.errors.server_error"
