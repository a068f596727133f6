"""The API's HTTP behaviour: OParl error objects, list pages with filters, canonical URLs, ETag and gzip.

Canonical ids come from `settings.SITE_URL` (env `LGL_SITE_URL`), never from the Host header: an object has
one id wherever it is fetched from, and a forged Host cannot plant links in a client's store.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

OPARL = "https://schema.oparl.org/1.1/"
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
# OParl 1.1: with omit_internal=true a list leaves out these embedded lists (spec, "Filter"). Body's
# legislativeTerm stays: the spec lists it, but its own Body schema requires it.
INTERNAL_LISTS = {
    "AgendaItem": ("auxiliaryFile",),
    "Meeting": ("auxiliaryFile", "agendaItem"),
    "Paper": ("auxiliaryFile", "location"),
    "Person": ("membership",),
}


# The largest id the database can hold: a larger number cannot name an object.
MAX_ID = 2**63 - 1


def as_id(text: str) -> int | None:
    """A database id from a path or query value, or None when it cannot be one."""
    if not text.isdigit() or int(text) > MAX_ID:
        return None
    return int(text)


class ApiError(Exception):
    """An error the client caused or must be told about; becomes an OParl Error object."""

    def __init__(self, status: int, message: str, debug: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.debug = debug


def not_found() -> ApiError:
    return ApiError(404, _("Det finns inget sådant objekt i API:t."))


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat()


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: OParl clients read a missing property as 'unknown', never '' or []."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


# --- Filters and pages -------------------------------------------------------------------------------------


@dataclass
class ListParams:
    limit: int
    cursor: str | None
    filters: dict[str, dt.datetime]
    raw: dict[str, str]
    omit_internal: bool

    @property
    def tombstones(self) -> bool:
        # OParl 1.1: deleted objects appear in a list exactly when modified_since is given.
        return "modified_since" in self.filters


def _parse_time(name: str, value: str) -> dt.datetime:
    # An unencoded "+01:00" arrives as " 01:00": read it as the client meant it.
    text = value.strip().replace(" ", "+")
    try:
        parsed = parse_datetime(text)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ApiError(
            400,
            _("%(name)s ska vara en tidpunkt i ISO 8601 med tid, t.ex. 2024-01-31T12:00:00+01:00.") % {"name": name},
            f"{name}={value!r}",
        )
    try:
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        # In UTC for the database: PostgreSQL rejects offsets beyond ±15:59 that ISO 8601 allows.
        return parsed.astimezone(dt.UTC)
    except (OverflowError, ValueError) as exc:
        raise ApiError(400, _("%(name)s ligger utanför det tidsintervall API:t kan söka i.") % {"name": name}) from exc


def list_params(request: HttpRequest) -> ListParams:
    query = request.GET
    filters = {name: _parse_time(name, query[name]) for name in FILTERS if name in query}
    raw_limit = query.get("limit")
    limit = DEFAULT_LIMIT
    if raw_limit is not None:
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
            raise ApiError(
                400, _("limit ska vara ett heltal från 1 till %(max)s.") % {"max": MAX_LIMIT}, f"limit={raw_limit!r}"
            )
        limit = int(raw_limit)
    cursor = query.get("cursor")
    if cursor is not None and decode_cursor(cursor) is None:
        raise ApiError(400, _("Ogiltig sidmarkör (cursor). Följ länkarna i links i stället."), f"cursor={cursor!r}")
    raw = {k: query[k] for k in (*FILTERS, "limit", "omit_internal") if k in query}
    return ListParams(limit, cursor, filters, raw, query.get("omit_internal") == "true")


def encode_cursor(source: int, pk: int | str) -> str:
    return base64.urlsafe_b64encode(f"{source}:{pk}".encode()).decode().rstrip("=")


def decode_cursor(value: str) -> tuple[int, str] | None:
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    source, sep, pk = text.partition(":")
    if not sep or not source.isdigit() or not pk:
        return None
    return int(source), pk


def filter_queryset(qs: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    lookups = {
        "created_since": "oparl_created__gte",
        "created_until": "oparl_created__lte",
        "modified_since": "oparl_modified__gte",
        "modified_until": "oparl_modified__lte",
    }
    return qs.filter(**{lookups[name]: value for name, value in params.filters.items()})


def filter_items(items: Iterable[Any], params: ListParams, created: Callable, modified: Callable) -> list[Any]:
    out = []
    for item in items:
        c, m = created(item), modified(item)
        f = params.filters
        if "created_since" in f and c < f["created_since"]:
            continue
        if "created_until" in f and c > f["created_until"]:
            continue
        if "modified_since" in f and m < f["modified_since"]:
            continue
        if "modified_until" in f and m > f["modified_until"]:
            continue
        out.append(item)
    return out


@dataclass
class Source:
    """One ordered source of a list: a queryset (keyset on pk) or a list already in memory (keyset on key)."""

    rows: QuerySet[Any] | Sequence[Any]
    # Renders a page's rows at once, so embedded objects load in a fixed number of queries.
    render: Callable[[list[Any]], list[dict[str, Any]]]
    key: Callable[[Any], str] = lambda obj: str(obj.pk)


def _bad_cursor() -> ApiError:
    return ApiError(400, _("Ogiltig sidmarkör (cursor). Följ länkarna i links i stället."))


def list_page(path: str, params: ListParams, sources: list[Source]) -> dict[str, Any]:
    """One page of an external object list, as OParl 1.1 shapes it; `sources` are listed one after another.

    Keyset pagination (no COUNT, no OFFSET): the cursor names the source and the key of the last row served.
    """
    start_source, after = 0, None
    if params.cursor:
        decoded = decode_cursor(params.cursor)
        if decoded is None or decoded[0] >= len(sources):
            raise _bad_cursor()
        start_source, after = decoded
    data: list[dict[str, Any]] = []
    taken = 0
    last: tuple[int, str] | None = None
    more = False
    for index in range(start_source, len(sources)):
        source = sources[index]
        # At least one row from every later source too: whether a next page exists, and the same queries
        # whatever the sizes of the sources.
        wanted = max(params.limit + 1 - taken, 1)
        if isinstance(source.rows, QuerySet):
            qs = source.rows.order_by("pk")
            if after is not None and index == start_source:
                after_id = as_id(after)
                if after_id is None:
                    raise _bad_cursor()
                qs = qs.filter(pk__gt=after_id)
            rows = list(qs[:wanted])
        else:
            ordered = sorted(source.rows, key=source.key)
            if after is not None and index == start_source:
                ordered = [r for r in ordered if source.key(r) > after]
            rows = ordered[:wanted]
        page_rows = []
        for row in rows:
            if taken == params.limit:
                more = True
                break
            page_rows.append(row)
            taken += 1
            last = (index, source.key(row))
        if page_rows:
            data += source.render(page_rows)
    if params.omit_internal:
        for obj in data:
            for key in INTERNAL_LISTS.get(obj["type"].removeprefix(OPARL), ()):
                obj.pop(key, None)
    base = site_url(path)
    query = dict(params.raw)
    here = {**query, "cursor": params.cursor} if params.cursor else query
    links: dict[str, str] = {
        "first": base + ("?" + urlencode(query) if query else ""),
        "self": base + ("?" + urlencode(here) if here else ""),
    }
    if more and last is not None:
        links["next"] = base + "?" + urlencode({**query, "cursor": encode_cursor(*last)})
    return {"data": data, "pagination": {"elementsPerPage": params.limit}, "links": links}


# --- Responses ---------------------------------------------------------------------------------------------


def error_body(status: int, message: str, debug: str = "") -> dict[str, Any]:
    return compact({"type": OPARL + "Error", "message": message, "debug": debug, "lgl:status": status})


def json_response(request: HttpRequest, payload: dict[str, Any], status: int = 200) -> HttpResponse:
    """JSON with a strong ETag and, for objects and lists, Last-Modified from the newest `modified` in it.

    A matching If-None-Match or If-Modified-Since gets 304 with no body.
    """
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    # OParl 1.1 asks for the header on every JSON answer, also without an Origin (corsheaders adds it only then).
    response["Access-Control-Allow-Origin"] = "*"
    if status != 200:
        return response
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # Last-Modified only for single objects: a list can lose an entry without any date moving forward.
    newest = _newest_modified(payload) if "data" not in payload else None
    last_modified = int(newest.timestamp()) if newest else None
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    return conditional if conditional is not None else response


def _newest_modified(payload: dict[str, Any]) -> dt.datetime | None:
    value = payload.get("modified")
    return parse_datetime(value) if isinstance(value, str) else None


def compressed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """gzip for clients that accept it (Django turns the strong ETag into a weak one when it compresses)."""
    return gzip_page(view)
