"""Every URL pattern of the project, with its path parameters filled from demo data.

The crawl and the marker test use this, so a URL another app adds is covered without editing these tests.
A pattern whose parameters cannot be filled raises `Unfillable` with its name: the test then fails, so
nothing slips through untested. Only the small, reasoned ALLOW_UNFILLED list is exempt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

# Patterns not crawled, each with the reason. Keep it small: everything else must be fillable.
ALLOW_UNFILLED: dict[str, str] = {
    "admin:": "Django admin internals (generic app_label/object_id patterns); test_login checks the admin gate",
    "django_login": "redirect from django.contrib.auth's konto/login/ to the portal's login, tested in test_login",
    "password_reset_confirm": "needs a one-time token from an e-mail; the flow is tested in test_password_reset",
    "api:legislativeterm_detail": "a computed mandatperiod id (body.year); tests/api walks to every term's URL",
}

# Words (in url names, kwarg names and path segments) that name a model without being its model_name.
MODEL_ALIASES: dict[str, str] = {
    "item": "meetings.agendaitem",
    "agendaitem": "meetings.agendaitem",
    "agendaitems": "meetings.agendaitem",
    "arende": "meetings.agendaitem",
    "arenden": "meetings.agendaitem",
    "paragraph": "meetings.agendaitem",
    "moten": "meetings.meeting",
    "meetings": "meetings.meeting",
    "handling": "meetings.attachment",
    "narvaro": "meetings.attendance",
    "entry": "audit.auditentry",
    "granskning": "audit.auditentry",
    "job": "documents.documentjob",
    "dokument": "documents.documentjob",
    "utdrag": "meetings.protocolextract",
    "rattelse": "meetings.protocolcorrection",
    "correction": "meetings.protocolcorrection",
    "personer": "groups.person",
    "people": "groups.person",
    "medlemskap": "groups.membership",
    "memberships": "groups.membership",
    "vakant-plats": "groups.vacantseat",
    "organ": "groups.organ",
    "bodies": "groups.organisation",
    "grupper": "groups.organ",
    "organizations": "groups.organ",
    "locations": "meetings.meeting",
    "papers": "decisions.decision",
    "proposals": "ratification.ratificationcase",
    "files": "meetings.attachment",
    "protocolfiles": "documents.documentjob",
    "proposalfiles": "ratification.proposaldocument",
    "beslut": "decisions.decision",
    "uppdrag": "decisions.assignment",
    "fraga": "members.memberquestion",
    "ratificering": "ratification.ratificationcase",
    "consultations": "ratification.assemblydecision",
    "aktivitet": "plans.action",
    "handlingsplan": "plans.actionplan",
    "arbete": "plans.workstream",
    "delmal": "plans.milestone",
    "planer": "plans.plan",
    "nyckeltal": "plans.indicator",
}

# Explicit (full url name, kwarg) -> model label, where neither the kwarg nor the path says it.
KWARG_MODELS: dict[tuple[str, str], str] = {
    ("ratification:register", "pk"): "ratification.assemblydecision",
    ("ratification:confirm_change", "pk"): "ratification.assemblydecision",
    ("ratification:extract_download", "pk"): "ratification.assemblydecision",
    ("ratification:document_download", "pk"): "ratification.proposaldocument",
}
# Extra filters for the object a kwarg takes (a group page needs a samordnande grupp, not LGL itself).
KWARG_FILTERS: dict[tuple[str, str], dict[str, Any]] = {
    ("plans:group_detail", "slug"): {"kind": "samordnande_grupp", "parent__slug": "lgl"},
    # The open API: a principal is a Body; the objects that are public (supplement_demo adds what is missing).
    ("api:body_detail", "key"): {"is_principal": True},
    ("api:body_terms", "key"): {"is_principal": True},
    ("api:body_organizations", "key"): {"is_principal": True},
    ("api:body_people", "key"): {"is_principal": True},
    ("api:body_meetings", "key"): {"is_principal": True},
    ("api:body_papers", "key"): {"is_principal": True},
    ("api:location_detail", "pk"): {"location__gt": "", "status__in": ["justerat", "anslaget"]},
    ("api:paper_consultation", "pk"): {"agenda_item__isnull": False, "meeting__status__in": ["justerat", "anslaget"]},
    ("api:file_detail", "pk"): {"is_public": True, "item__meeting__status__in": ["justerat", "anslaget"]},
    ("api:protocolfile_detail", "pk"): {"kind": "public_protocol", "status": "done"},
}

# Where "the demo's own organ" is, per model: objects of LGL are preferred so the roles' rights apply.
ORGAN_PATHS = (
    "slug",
    "organ__slug",
    "meeting__organ__slug",
    "item__meeting__organ__slug",
    "item__organ__slug",
    "decision__organ__slug",
    "summary__decision__organ__slug",
    "case__organ__slug",
    "plan__owner_organ__slug",
    "owner_organ__slug",
    "extract__meeting__organ__slug",
)
DEMO_ORGAN = "lgl"


class Unfillable(Exception):
    pass


@dataclass
class Route:
    name: str  # "groups:organ_detail"; "" for an unnamed pattern
    route: str  # the pattern as written, for messages
    callback: Any
    params: dict[str, str] = field(default_factory=dict)  # kwarg -> converter name or regex

    @property
    def label(self) -> str:
        return self.name or self.route

    @property
    def module(self) -> str:
        target = getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None) or self.callback
        return getattr(target, "__module__", "") or ""

    @property
    def app_label(self) -> str:
        module = self.module
        for config in apps.get_app_configs():
            if module == config.name or module.startswith(config.name + "."):
                return config.label
        return ""

    @property
    def is_api(self) -> bool:
        return self.route.lstrip("^").startswith("api/") or "rest_framework" in str(getattr(self.callback, "cls", ""))

    def allowed_unfilled(self) -> str | None:
        for key, reason in ALLOW_UNFILLED.items():
            if self.name == key or (key.endswith(":") and self.name.startswith(key)):
                return reason
            if key.endswith(":") and not self.name and self.route.startswith(key[:-1]):
                return reason
        return None


def _params(pattern: Any) -> dict[str, str]:
    if isinstance(pattern, RoutePattern):
        return {name: type(conv).__name__.replace("Converter", "").lower() for name, conv in pattern.converters.items()}
    if isinstance(pattern, RegexPattern):
        groups = dict(re.findall(r"\(\?P<(\w+)>([^)]*)\)", pattern._regex))
        return {name: f"regex:{groups.get(name, '')}" for name in re.compile(pattern._regex).groupindex}
    return {}


def iter_routes(
    resolver: URLResolver | None = None, prefix: str = "", namespaces: tuple[str, ...] = ()
) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    inherited = _params(resolver.pattern) if prefix or namespaces else {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            for route in iter_routes(entry, prefix + str(entry.pattern), ns):
                route.params = {**inherited, **route.params}
                yield route
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield Route(
                name=name,
                route=prefix + str(entry.pattern),
                callback=entry.callback,
                params={**inherited, **_params(entry.pattern)},
            )


def all_routes() -> list[Route]:
    """Each distinct route once (DRF's format-suffix twins are kept: they are URLs too)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for route in iter_routes():
        key = (route.name, route.route)
        if key not in seen:
            seen.add(key)
            out.append(route)
    return out


def _model_by_word(word: str, prefer_app: str) -> type[models.Model] | None:
    word = word.lower().replace("-", "").replace("_", "")
    if not word:
        return None
    if word in MODEL_ALIASES:
        try:
            return apps.get_model(MODEL_ALIASES[word])
        except LookupError:
            return None
    candidates = [m for m in apps.get_models() if m._meta.model_name == word]
    candidates.sort(key=lambda m: m._meta.app_label != prefer_app)
    return candidates[0] if candidates else None


def _drf_model(route: Route) -> type[models.Model] | None:
    view = getattr(route.callback, "cls", None) or getattr(route.callback, "view_class", None)
    if view is None:
        return None
    queryset = getattr(view, "queryset", None)
    model = getattr(queryset, "model", None) or getattr(view, "model", None)
    if model is None and hasattr(view, "get_queryset"):
        try:
            model = view().get_queryset().model
        except Exception:  # a view whose queryset needs a request: fall through to the other rules
            model = None
    return model


def _segment_before(route: Route, kwarg: str) -> str:
    match = re.search(rf"([\w\-]+)/(?:<(?:\w+:)?{kwarg}>|\(\?P<{kwarg}>)", route.route)
    return match.group(1) if match else ""


def model_for(route: Route, kwarg: str) -> type[models.Model]:
    explicit = KWARG_MODELS.get((route.name, kwarg))
    if explicit:
        return apps.get_model(explicit)
    # 1. "meeting_pk", "item_id", "job_id": the kwarg names the model.
    base = re.sub(r"_(pk|id|slug)$", "", kwarg)
    if base not in ("pk", "id", "slug", "object"):
        model = _model_by_word(base, route.app_label)
        if model is not None:
            return model
    # 2. A DRF or generic class-based view says its model.
    model = _drf_model(route)
    if model is not None:
        return model
    # 3. The path segment before the parameter: "moten/<int:pk>/…", "personer/<int:pk>/".
    model = _model_by_word(_segment_before(route, kwarg), route.app_label)
    if model is not None:
        return model
    # 4. The url name: "person_detail", "agenda_item_edit".
    words = [w for w in re.split(r"[_\-]", route.name.split(":")[-1]) if w]
    for size in range(len(words), 0, -1):
        model = _model_by_word("".join(words[:size]), route.app_label)
        if model is not None:
            return model
    raise Unfillable(f"{route.label}: kan inte avgöra vilken modell parametern {kwarg!r} avser")


def _pick(
    model: type[models.Model],
    prefer: dict[str, list[Any]] | None,
    parents: list[models.Model],
    extra: dict[str, Any] | None = None,
) -> models.Model:
    label = model._meta.label_lower
    qs = model._default_manager.order_by("pk")
    # A nested object must belong to the one before it in the path (an item of that meeting).
    for parent in parents:
        for f in model._meta.get_fields():
            if getattr(f, "many_to_one", False) and f.related_model is type(parent):
                qs = qs.filter(**{f.name: parent})
                break
    if extra:
        qs = qs.filter(**extra)
    if prefer and prefer.get(label):
        obj = qs.filter(pk__in=prefer[label]).first()
        if obj is not None:
            return obj
    for path in ORGAN_PATHS:
        try:
            obj = qs.filter(**{path: DEMO_ORGAN}).first()
        except (FieldError, ValueError):
            continue
        if obj is not None:
            return obj
    obj = qs.first()
    if obj is None:
        raise Unfillable(f"inga demodata för {label}")
    return obj


def fill(route: Route, prefer: dict[str, list[Any]] | None = None) -> dict[str, Any]:
    """Path parameters for the route, from demo data. `prefer` maps model label -> pks to use first."""
    kwargs: dict[str, Any] = {}
    parents: list[models.Model] = []
    for kwarg, converter in route.params.items():
        if kwarg == "format":
            kwargs[kwarg] = "json"
            continue
        if converter in ("regex:.*", "regex:.+", r"regex:[\s\S]*"):
            # A catch-all ("anything else under api/"): any path that nothing more specific takes.
            kwargs[kwarg] = "finns-inte/"
            continue
        model = model_for(route, kwarg)
        obj = _pick(model, prefer, parents, KWARG_FILTERS.get((route.name, kwarg)))
        parents.append(obj)
        if kwarg.endswith("slug") or converter == "slug":
            value = getattr(obj, "slug", None)
            if value is None:
                raise Unfillable(f"{route.label}: {model._meta.label} har ingen slug för {kwarg!r}")
            kwargs[kwarg] = value
        else:
            kwargs[kwarg] = obj.pk
    return kwargs


def url_for(route: Route, prefer: dict[str, list[Any]] | None = None) -> str:
    kwargs = fill(route, prefer)
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    path = route.route
    for kwarg, value in kwargs.items():
        path = re.sub(rf"\(\?P<{kwarg}>[^)]*\)", str(value), path)
        path = re.sub(rf"<(?:\w+:)?{kwarg}>", str(value), path)
    path = re.sub(r"\(\?[!=][^)]*\)", "", path).replace("^", "").replace("$", "")
    if "<" in path or "(?P" in path:
        raise Unfillable(f"{route.route}: namnlöst mönster som inte kan fyllas")
    return "/" + path.lstrip("/")


def urls_for_objects(route: Route, objects: dict[str, list[Any]]) -> list[str]:
    """The route filled once per listed object of each model it takes (for the marker test)."""
    urls = []
    labels = set()
    for kwarg, converter in route.params.items():
        if kwarg == "format" or converter.startswith("regex:.*"):
            continue
        labels.add(model_for(route, kwarg)._meta.label_lower)
    for label in labels & set(objects):
        for pk in objects[label]:
            urls.append(url_for(route, {**objects, label: [pk]}))
    return urls
