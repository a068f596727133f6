"""Site pages that belong to no domain: the start page and the accessibility statement with its report form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups.selectors import organ_list_featured
from lgl_portal.core.cache import public_cache
from pages.forms import AccessibilityReportForm

# Where reports of accessibility problems go when no MANAGERS are configured.
ACCESSIBILITY_EMAIL = getattr(settings, "LGL_ACCESSIBILITY_EMAIL", "tillganglighet@lgl.example")


@public_cache
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/start.html", {"organs": organ_list_featured()})


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            body = _("Sida: %(page)s\nE-post: %(email)s\n\n%(text)s") % {
                "page": data["page"] or "-",
                "email": data["email"] or "-",
                "text": data["description"],
            }
            recipients = [email for _name, email in settings.MANAGERS] or [ACCESSIBILITY_EMAIL]
            send_mail(_("Tillgänglighetsproblem rapporterat"), body, None, recipients)
            messages.success(request, _("Tack! Din rapport är skickad. Vi svarar inom två veckor om du lämnat e-post."))
            return redirect("pages:accessibility")
        return render(request, "pages/accessibility.html", {"form": form, "email": ACCESSIBILITY_EMAIL}, status=400)
    return _accessibility_page(request)


@public_cache
def _accessibility_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "pages/accessibility.html", {"form": AccessibilityReportForm(), "email": ACCESSIBILITY_EMAIL}
    )
