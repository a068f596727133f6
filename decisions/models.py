"""Decisions, their public summaries (Beslut i korthet) and the uppdrag they give."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models import Membership, Organ, Organisation, Person
from meetings.models import AgendaItem, Attachment, Meeting


class Area(models.Model):
    """A tag for what a decision concerns: Barn och unga, Psykisk hälsa, Äldre, Nära vård, ..."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("adressnamn"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    class Kind(models.TextChoices):
        BESLUT = "beslut", _("Beslut")
        TILL_HANDLINGARNA = "till_handlingarna", _("Läggs till handlingarna")
        REKOMMENDATION = "rekommendation", _("Rekommendation")
        UPPDRAG = "uppdrag", _("Uppdrag")

    class Status(models.TextChoices):
        FATTAT = "fattat", _("Fattat")
        GALLER = "galler", _("Gäller")
        UPPHAVT = "upphavt", _("Upphävt")

    class Publication(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        PUBLICERAT = "publicerat", _("Publicerat")
        AVPUBLICERAT = "avpublicerat", _("Avpublicerat")

    PUBLIC_FIELDS = ("title", "text", "condition_text", "paragraph_label", "diarienummer")

    organ = models.ForeignKey(Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("sammanträde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    agenda_item = models.OneToOneField(
        AgendaItem, verbose_name=_("ärende"), null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    # One beslutspunkt of a paragraph with several (issue 13). The whole paragraph's decision keeps `agenda_item`
    # (one per paragraph); a decision for one point of it names the point instead, its paragraph through it.
    decision_point = models.OneToOneField(
        "meetings.DecisionPoint",
        verbose_name=_("beslutspunkt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision",
    )
    decided_on = models.DateField(_("beslutsdatum"), db_index=True)
    # As printed: "§ 157/23". Kept as text because decisions of other bodies follow their own numbering.
    paragraph_label = models.CharField(_("paragraf"), max_length=40, blank=True)
    diarienummer = models.CharField(_("ärendenummer"), max_length=60, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("beslutstext"), blank=True)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices, default=Kind.BESLUT)
    condition_text = models.TextField(_("villkor"), blank=True)
    # A decision conditional on a ratification case is linked by ratification.ConditionalDecision (above us).
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FATTAT)
    areas = models.ManyToManyField(Area, verbose_name=_("områden"), blank=True, related_name="decisions")
    # Kept by the summary services: whether a published Beslut i korthet stands for this decision. Search lists
    # such decisions through their summary; this flag (with its partial index) keeps broad searches cheap.
    has_published_summary = models.BooleanField(default=False, editable=False)
    # Utkast until a secretary publishes it (or, for a decision of a meeting, until the protocol is justerat:
    # decisions.selectors.public_decision_q). Depublishing keeps the text and records why.
    publication = models.CharField(
        _("publicering"), max_length=20, choices=Publication.choices, default=Publication.UTKAST, db_index=True
    )
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicerat av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    depublish_reason = models.TextField(_("skäl till avpublicering"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["organ", "decided_on"]),
            models.Index(
                fields=["-decided_on", "-id"],
                name="decision_without_summary",
                condition=models.Q(has_published_summary=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_label} {self.title}".strip()

    @property
    def paragraph_item(self) -> AgendaItem | None:
        """The protocol paragraph the decision was taken in: its own, or its beslutspunkt's."""
        if self.decision_point_id is not None and self.decision_point is not None:
            return self.decision_point.item
        return self.agenda_item


class Assignment(models.Model):
    """An uppdrag given by a decision, followed up until it is reported back at a later agenda item."""

    class Status(models.TextChoices):
        EJ_PABORJAT = "ej_paborjat", _("Ej påbörjat")
        PAGAR = "pagar", _("Pågår")
        AVRAPPORTERAT = "avrapporterat", _("Återrapporterat")
        AVSLUTAT = "avslutat", _("Avslutat")

    PUBLIC_FIELDS = ("description",)

    decision = models.ForeignKey(
        Decision, verbose_name=_("beslut"), on_delete=models.CASCADE, related_name="assignments"
    )
    description = models.TextField(_("uppdrag"))
    assignee_organ = models.ForeignKey(
        Organ, verbose_name=_("ansvarigt organ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee_person = models.ForeignKey(
        Person, verbose_name=_("ansvarig person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("ansvarig organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("ska redovisas senast"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.EJ_PABORJAT)
    reported_back_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("återrapporterat vid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_assignments",
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_closed(self) -> bool:
        """Reported back or closed: never "försenad", whatever its due date."""
        return self.status in (self.Status.AVRAPPORTERAT, self.Status.AVSLUTAT)


class Summary(models.Model):
    """Beslut i korthet: the plain-language public summary a secretary writes next to a decision.

    Nothing of it is public before `is_published`; depublishing keeps the text and records why in
    SummaryEvent, so the history of what the public could read is never lost.
    """

    PUBLIC_FIELDS = ("title", "background", "bullets")
    PUBLIC_HTML_FIELDS = ("background",)

    decision = models.OneToOneField(
        Decision, verbose_name=_("beslut"), on_delete=models.CASCADE, related_name="summary"
    )
    title = models.CharField(_("rubrik"), max_length=300)
    background = models.TextField(_("bakgrund"), blank=True)
    # One bullet per line: the decision's points as the public reads them.
    bullets = models.TextField(_("beslutspunkter"), blank=True, help_text=_("En beslutspunkt per rad."))
    is_published = models.BooleanField(_("publicerad"), default=False)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    updated_at = models.DateTimeField(_("senast uppdaterad"), null=True, blank=True)
    depublish_reason = models.TextField(_("skäl till avpublicering"), blank=True)
    # Copied from the decision so the public list filters and pages by one table's index.
    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("beslutsdatum"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("beslut i korthet")
        verbose_name_plural = _("beslut i korthet")
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(
                fields=["-decided_on", "-id"],
                name="summary_published_keyset",
                condition=models.Q(is_published=True),
            ),
            models.Index(
                fields=["organ", "-decided_on", "-id"],
                name="summary_published_organ",
                condition=models.Q(is_published=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def bullet_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.bullets.splitlines() if line.strip(" •-\t")]


class SummaryEvent(models.Model):
    """Each publish, update and depublish of a summary, with who, when and (for depublishing) why."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Publicerad")
        UPDATED = "updated", _("Uppdaterad")
        DEPUBLISHED = "depublished", _("Avpublicerad")

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.TextField(_("skäl"), blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.summary_id} {self.action}"


class DecisionWithdrawal(models.Model):
    """A decision the public could read and no longer can (its summary was depublished before justering).

    Open-data clients that synchronise incrementally must learn that the object is gone: the API serves it as
    a tombstone (`deleted: true`) from `withdrawn_at`. Written and removed only by the summary services.
    """

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="withdrawal")
    withdrawn_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("tillbakadraget beslut")
        verbose_name_plural = _("tillbakadragna beslut")

    def __str__(self) -> str:
        return f"{self.decision_id} {self.withdrawn_at:%Y-%m-%d}"


class MembershipDecision(models.Model):
    """Which decision made a membership change (seed 002 § 7).

    Held here rather than as a field on groups.Membership, because decisions sit above groups in the layers.
    """

    membership = models.OneToOneField(
        Membership,
        verbose_name=_("uppdrag i organ"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="decision_link",
    )
    decision = models.ForeignKey(
        Decision, verbose_name=_("beslut"), on_delete=models.CASCADE, related_name="membership_links"
    )

    class Meta:
        verbose_name = _("beslut om uppdrag i organ")
        verbose_name_plural = _("beslut om uppdrag i organ")

    def __str__(self) -> str:
        return f"{self.membership_id} {self.decision_id}"


class SearchTerm(models.Model):
    """One word of the public search vocabulary, for "Menade du …?" (a pg_trgm index, decisions/0011).

    Derived data, rebuilt from the public documents only (`services.search_vocabulary_refresh`), so a word that
    stands only in a confidential or unpublished text is never suggested.
    """

    word = models.CharField(max_length=100, primary_key=True)
    frequency = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sökord")
        verbose_name_plural = _("sökord")

    def __str__(self) -> str:
        return self.word


class HandlingText(models.Model):
    """The text of an uploaded handling (PDF, DOCX, XLSX), extracted once by the worker and searched with the
    file's own visibility (decisions.selectors). Kept here, beside the file's row, because search sits above
    meetings; the extraction is an outbox row like a PDF order: created first, taken with a conditional UPDATE,
    retried on transient errors, and a broken file ends as `misslyckades` with its reason."""

    class Status(models.TextChoices):
        VANTAR = "vantar", _("Väntar")
        PAGAR = "pagar", _("Pågår")
        KLAR = "klar", _("Klar")
        MISSLYCKADES = "misslyckades", _("Misslyckades")
        EJ_TEXT = "ej_text", _("Ingen text att läsa")

    attachment = models.OneToOneField(
        Attachment, primary_key=True, on_delete=models.CASCADE, related_name="extracted_text"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VANTAR)
    text = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("text ur handling")
        verbose_name_plural = _("texter ur handlingar")

    def __str__(self) -> str:
        return f"{self.attachment_id} {self.status}"
