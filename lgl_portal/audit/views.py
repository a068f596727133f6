"""The admin-only audit log: read and filter, never edit (there is no write view, by design)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lgl_portal.audit import permissions, selectors
from lgl_portal.audit.forms import AuditFilterForm
from lgl_portal.core.access import ensure

PAGE_SIZE = 50


@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    ensure(request, permissions.can_read_audit_log(request.user))
    form = AuditFilterForm(request.GET or None, choices=selectors.audit_filter_choices())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = selectors.audit_entry_list(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "audit/entry_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


@require_safe
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ensure(request, permissions.can_read_audit_log(request.user))
    return render(request, "audit/entry_detail.html", {"entry": selectors.audit_entry_get(pk=pk)})
