"""Site pages that belong to no domain: the start page and the accessibility statement with its report form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups.selectors import organ_list_featured
from lgl_portal.core.cache import public_cache
from lgl_portal.core.mail import mail_send, site_report_recipients
from pages.forms import AccessibilityReportForm


@public_cache
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/start.html", {"organs": organ_list_featured()})


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            mail_send(
                to=site_report_recipients(),
                subject_template="pages/mail/accessibility_report_subject.txt",
                body_template="pages/mail/accessibility_report_body.txt",
                context={"page": data["page"] or "-", "email": data["email"] or "-", "text": data["description"]},
                reply_to=[data["email"]] if data["email"] else [],
            )
            messages.success(request, _("Tack! Din rapport är skickad. Vi svarar inom två veckor om du lämnat e-post."))
            return redirect("pages:accessibility")
        return render(
            request, "pages/accessibility.html", {"form": form, "email": settings.LGL_ACCESSIBILITY_CONTACT}, status=400
        )
    return _accessibility_page(request)


@public_cache
def _accessibility_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/accessibility.html",
        {"form": AccessibilityReportForm(), "email": settings.LGL_ACCESSIBILITY_CONTACT},
    )
