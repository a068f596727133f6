"""What the open API may show, per OParl type, read through the apps' own public rules.

The visibility rules stay where they are written once: `decisions.selectors.public_decision_q` (papers),
`PUBLIC_AGENDA_STATUSES` and `LOCKED` (meetings and their items), `meetings.documents.permissions` (the public
protocol). This module only composes them into querysets with the two annotations every list filters on:
`oparl_created` and `oparl_modified` (an object's `modified` includes the objects embedded in it, as OParl 1.1
requires).

Bodies: OParl needs every object to belong to a Body. Each principal (region, kommun) is a Body with the organs
of its own organisation (its fullmäktige); the joint organs of a county (LGL, its presidium and groups, or
PKS in Jönköpings län), and organs of organisations that are not principals, make one joint Body per county.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import DateTimeField, Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from decisions.models import Decision, DecisionWithdrawal
from decisions.ratification.models import AssemblyDecision, ProposalDocument, RatificationCase
from decisions.selectors import LOCKED, PUBLIC_AGENDA_STATUSES, public_decision_q
from groups.models import County, Membership, Organ, Organisation, Person
from meetings.documents.models import DocumentJob
from meetings.models import AgendaItem, Attachment, Meeting, Vote

JOINT_PREFIX = "samverkan-"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _latest(queryset: QuerySet, column: str) -> Subquery:
    return Subquery(queryset.order_by(f"-{column}").values(column)[:1], output_field=DateTimeField())


def _greatest(own: str, *others: Subquery | F) -> Greatest | F:
    if not others:
        return F(own)
    # PostgreSQL's GREATEST skips NULLs, SQLite's returns NULL: coalesce each to the object's own value.
    return Greatest(F(own), *(Coalesce(o, F(own)) for o in others))


# --- Bodies -------------------------------------------------------------------------------------------------


@dataclass
class Body:
    key: str
    name: str
    short_name: str
    classification: str
    county: County
    organisation: Organisation | None = None
    created: dt.datetime = EPOCH
    modified: dt.datetime = EPOCH
    top_organ: Organ | None = None
    extra: dict = field(default_factory=dict)

    @property
    def organ_q(self) -> Q:
        if self.organisation is not None:
            return Q(organisation=self.organisation)
        return Q(county=self.county) & (Q(organisation__isnull=True) | Q(organisation__is_principal=False))


def _body_of_organisation(org: Organisation) -> Body:
    return Body(
        key=org.slug,
        name=org.name,
        short_name=org.short_name,
        classification=org.get_kind_display(),
        county=org.county,
        organisation=org,
        created=org.created_at,
        modified=org.updated_at,
    )


def _joint_bodies() -> list[Body]:
    organs = list(
        Organ.objects.filter(is_public=True)
        .filter(Q(organisation__isnull=True) | Q(organisation__is_principal=False))
        .select_related("county")
        .order_by("county__name", "id")
    )
    bodies: dict[int, Body] = {}
    for organ in organs:
        body = bodies.get(organ.county_id)
        if body is None:
            body = bodies[organ.county_id] = Body(
                key=f"{JOINT_PREFIX}{organ.county_id}",
                name="",
                short_name="",
                classification="Samverkan",
                county=organ.county,
                created=organ.created_at,
                modified=organ.updated_at,
            )
        body.created = min(body.created, organ.created_at)
        body.modified = max(body.modified, organ.updated_at)
        if organ.parent_id is None and body.top_organ is None:
            body.top_organ = organ
    for body in bodies.values():
        top = body.top_organ
        # Named after the joint organ at the top (LGL in Kalmar län), so the Body reads as what people call it.
        body.name = f"{top.name}, {body.county.name}" if top else f"Samverkan i {body.county.name}"
        body.short_name = top.short_name if top else ""
    return list(bodies.values())


def bodies() -> list[Body]:
    principals = [
        _body_of_organisation(o)
        for o in Organisation.objects.filter(is_principal=True).select_related("county").order_by("county__name", "id")
    ]
    return _joint_bodies() + principals


def body_get(key: str) -> Body | None:
    if key.startswith(JOINT_PREFIX):
        return next((b for b in _joint_bodies() if b.key == key), None)
    org = Organisation.objects.filter(slug=key, is_principal=True).select_related("county").first()
    return _body_of_organisation(org) if org else None


def body_of_organ(organ: Organ) -> str:
    """The Body key an organ belongs to (see the module's opening comment)."""
    org = organ.organisation
    if org is not None and org.is_principal:
        return org.slug
    return f"{JOINT_PREFIX}{organ.county_id}"


# --- Legislative terms ----------------------------------------------------------------------------------------
# Swedish councils are elected every four years; the mandatperiod that began in 2023 runs 2023–2026. Terms are
# computed (nothing in the portal stores them) for the years a Body has public meetings or memberships.

TERM_ANCHOR = 2023
TERM_YEARS = 4


@dataclass
class LegislativeTerm:
    body_key: str
    start_year: int

    @property
    def key(self) -> str:
        return f"{self.body_key}.{self.start_year}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + TERM_YEARS - 1, 12, 31)

    @property
    def stamp(self) -> dt.datetime:
        # A term never changes: created and modified are its first day; a term not begun yet (a meeting already
        # planned in it) carries the first day of the current term, so no timestamp lies in the future.
        year = min(self.start_year, term_start(timezone.localdate().year))
        return dt.datetime(year, 1, 1, tzinfo=dt.UTC)


def term_start(year: int) -> int:
    return TERM_ANCHOR + ((year - TERM_ANCHOR) // TERM_YEARS) * TERM_YEARS


def legislative_terms(bodies: list[Body], today: dt.date) -> dict[str, list[LegislativeTerm]]:
    """The terms of each Body, from the years of its public organs' meetings and memberships (two queries)."""
    years: dict[int, list[int]] = {}
    spans = [
        Meeting.objects.filter(organ__is_public=True).values("organ_id").annotate(a=Min("date"), b=Max("date")),
        Membership.objects.filter(organ__is_public=True)
        .values("organ_id")
        .annotate(a=Min("start_date"), b=Max("start_date")),
    ]
    for span in spans:
        for row in span.order_by():
            years.setdefault(row["organ_id"], []).extend(d.year for d in (row["a"], row["b"]) if d)
    organs = list(Organ.objects.filter(is_public=True).select_related("organisation"))
    out = {}
    for body in bodies:
        found = [today.year]
        for organ in organs:
            if body_of_organ(organ) == body.key:
                found += years.get(organ.pk, [])
        start, stop = term_start(min(found)), term_start(max(found))
        out[body.key] = [LegislativeTerm(body.key, y) for y in range(start, stop + 1, TERM_YEARS)]
    return out


# --- Querysets ----------------------------------------------------------------------------------------------


def organizations() -> QuerySet[Organ]:
    return (
        Organ.objects.filter(is_public=True)
        .select_related("organisation", "parent")
        .annotate(oparl_created=F("created_at"), oparl_modified=F("updated_at"))
    )


def memberships() -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organ__is_public=True)
        .select_related("representing")
        .annotate(oparl_created=F("created_at"), oparl_modified=F("updated_at"))
    )


def people() -> QuerySet[Person]:
    public = Membership.objects.filter(organ__is_public=True, person_id=OuterRef("pk"))
    return Person.objects.filter(Exists(public)).annotate(
        oparl_created=F("created_at"), oparl_modified=_greatest("updated_at", _latest(public, "updated_at"))
    )


def meetings() -> QuerySet[Meeting]:
    items = AgendaItem.objects.filter(meeting_id=OuterRef("pk"), is_confidential=False)
    files = Attachment.objects.filter(item__meeting_id=OuterRef("pk"), is_public=True, item__is_confidential=False)
    protocols = DocumentJob.objects.filter(
        meeting_id=OuterRef("pk"), kind=DocumentJob.Kind.PUBLIC_PROTOCOL, status=DocumentJob.Status.DONE
    )
    # A decision published or withdrawn adds or drops its item's `consultation`: the item changed, so did the
    # meeting that embeds it.
    decisions = Decision.objects.filter(agenda_item__meeting_id=OuterRef("pk"))
    return (
        Meeting.objects.filter(organ__is_public=True, status__in=PUBLIC_AGENDA_STATUSES)
        .select_related("organ")
        .prefetch_related("organ__notice_boards", "notice_postings__organisation")
        .annotate(
            oparl_created=F("created_at"),
            oparl_modified=_greatest(
                "updated_at",
                _latest(items, "updated_at"),
                _latest(files, "updated_at"),
                _latest(protocols, "updated_at"),
                _latest(decisions, "updated_at"),
            ),
        )
    )


def agenda_items() -> QuerySet[AgendaItem]:
    files = Attachment.objects.filter(item_id=OuterRef("pk"), is_public=True)
    decisions = Decision.objects.filter(agenda_item_id=OuterRef("pk"))
    return (
        AgendaItem.objects.filter(
            meeting__organ__is_public=True, meeting__status__in=PUBLIC_AGENDA_STATUSES, is_confidential=False
        )
        .select_related("organ", "meeting")
        .annotate(
            oparl_created=F("created_at"),
            oparl_modified=_greatest("updated_at", _latest(files, "updated_at"), _latest(decisions, "updated_at")),
        )
    )


def votes() -> QuerySet[Vote]:
    """Roll calls of public, non-confidential paragraphs in justerade protocols, with their ballots."""
    return (
        Vote.objects.filter(
            item__meeting__organ__is_public=True, item__meeting__status__in=LOCKED, item__is_confidential=False
        )
        .select_related("item__meeting")
        .prefetch_related("ballots")
    )


def files() -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        is_public=True,
        item__is_confidential=False,
        item__meeting__organ__is_public=True,
        item__meeting__status__in=LOCKED,
    ).annotate(oparl_created=F("uploaded_at"), oparl_modified=F("updated_at"))


def protocol_files() -> QuerySet[DocumentJob]:
    """Finished public protocols of the current version of justerade meetings of public organs."""
    return (
        DocumentJob.objects.filter(
            kind=DocumentJob.Kind.PUBLIC_PROTOCOL,
            status=DocumentJob.Status.DONE,
            meeting__organ__is_public=True,
            meeting__status__in=LOCKED,
            protocol_version=F("meeting__protocol_version"),
        )
        .exclude(file="")
        .annotate(oparl_created=F("created_at"), oparl_modified=F("updated_at"))
    )


def papers(*, with_tombstones: bool = False) -> QuerySet[Decision]:
    """Public decisions; with tombstones, also those withdrawn from the public (served as `deleted`)."""
    visible = public_decision_q()
    if with_tombstones:
        visible = visible | Q(Exists(DecisionWithdrawal.objects.filter(decision_id=OuterRef("pk"))))
    rows = AssemblyDecision.objects.filter(case__originating_decision_id=OuterRef("pk"))
    return (
        Decision.objects.filter(visible)
        .select_related(
            "organ__organisation", "summary", "withdrawal", "agenda_item__meeting", "meeting", "ratification_condition"
        )
        .prefetch_related("areas")
        .annotate(
            oparl_public=Exists(Decision.objects.filter(public_decision_q(), pk=OuterRef("pk"))),
            oparl_created=F("created_at"),
            oparl_modified=_greatest(
                "updated_at", F("summary__updated_at"), F("withdrawal__withdrawn_at"), _latest(rows, "updated_at")
            ),
        )
    )


def proposals() -> QuerySet[RatificationCase]:
    """Joint proposals sent out for ratification: each is a Paper its assemblies consult."""
    rows = AssemblyDecision.objects.filter(case_id=OuterRef("pk"))
    docs = ProposalDocument.objects.filter(case_id=OuterRef("pk"))
    return (
        RatificationCase.objects.filter(sending_organ__is_public=True)
        .select_related("sending_organ__organisation", "originating_decision")
        .annotate(
            oparl_created=F("created_at"),
            oparl_modified=_greatest("updated_at", _latest(rows, "updated_at"), _latest(docs, "uploaded_at")),
        )
    )


def consultations(*, with_tombstones: bool = False) -> QuerySet[AssemblyDecision]:
    qs = AssemblyDecision.objects.filter(case__sending_organ__is_public=True)
    if not with_tombstones:
        qs = qs.filter(removed_at__isnull=True)
    return qs.select_related("case", "assembly").annotate(oparl_created=F("created_at"), oparl_modified=F("updated_at"))


def proposal_files() -> QuerySet[ProposalDocument]:
    return ProposalDocument.objects.filter(case__sending_organ__is_public=True).annotate(
        oparl_created=F("uploaded_at"), oparl_modified=F("uploaded_at")
    )
