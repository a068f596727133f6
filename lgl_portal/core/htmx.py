"""The request type of views that answer htmx requests differently (a fragment instead of a redirect).

HtmxMiddleware (settings.MIDDLEWARE) sets `request.htmx` on every request; plain HttpRequest does not know it, so
such views take `HtmxHttpRequest` (the typing django-htmx documents).
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
