from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from groups.selectors import organ_list_featured
from lgl_portal.core.cache import public_cache


@public_cache
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "core/start.html", {"organs": organ_list_featured()})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
