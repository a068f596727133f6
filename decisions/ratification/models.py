"""Ratification of a joint proposal by every required principal's assembly.

A case's validity is never stored: `selectors.case_status()` computes it from the assembly decisions, so adding
or removing a required assembly, or correcting one registration, changes the answer at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groups.models import County, Organ, Organisation


class RatificationCase(models.Model):
    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("title", "description")

    class ConditionRule(models.TextChoices):
        # The only rule the portal knows today; kept as a field so another rule is a data change, not a rewrite.
        ALL_APPROVE = "alla", _("Alla berörda fullmäktige ska fatta samma beslut")

    title = models.CharField(_("rubrik"), max_length=300)
    slug = models.SlugField(_("adressnamn"), max_length=120, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    deadline = models.DateField(_("sista dag för beslut"), null=True, blank=True)
    county = models.ForeignKey(
        County, verbose_name=_("län"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The organ that sent the proposal out (usually LGL); its secretaries register the assemblies' decisions.
    sending_organ = models.ForeignKey(
        Organ,
        verbose_name=_("avsändande organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sent_ratification_cases",
    )
    originating_decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("beslut som skickade ut förslaget"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="originated_ratification_cases",
    )
    condition_rule = models.CharField(
        _("villkor"), max_length=20, choices=ConditionRule.choices, default=ConditionRule.ALL_APPROVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ratificeringsärende")
        verbose_name_plural = _("ratificeringsärenden")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ProposalDocument(models.Model):
    """A document of the joint proposal (the strategy itself, tjänsteskrivelse). Public, like the proposal."""

    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("title",)

    case = models.ForeignKey(RatificationCase, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("rubrik"), max_length=300)
    file = models.FileField(_("fil"), upload_to="ratification/proposals/%Y/")
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("förslagshandling")
        verbose_name_plural = _("förslagshandlingar")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class AssemblyDecision(models.Model):
    """One required assembly's decision on the case; a row exists from the moment the assembly is required."""

    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("paragraph_label", "case_number", "note")

    class Outcome(models.TextChoices):
        BIFALL = "bifall", _("Bifall")
        BIFALL_MED_ANDRING = "bifall_med_andring", _("Bifall med ändring")
        AVSLAG = "avslag", _("Avslag")
        ATERREMISS = "aterremiss", _("Återremiss")
        EJ_BEHANDLAT = "ej_behandlat", _("Ej behandlat")

    case = models.ForeignKey(RatificationCase, on_delete=models.CASCADE, related_name="assembly_decisions")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("huvudman"), on_delete=models.PROTECT, related_name="+"
    )
    assembly = models.ForeignKey(
        Organ, verbose_name=_("fullmäktige"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Empty until a decision is registered.
    outcome = models.CharField(_("utfall"), max_length=30, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    paragraph_label = models.CharField(_("paragraf"), max_length=40, blank=True)
    case_number = models.CharField(_("ärendenummer"), max_length=60, blank=True)
    extract = models.FileField(_("protokollsutdrag"), upload_to="ratification/extracts/%Y/", blank=True)
    extract_content_type = models.CharField(max_length=120, blank=True)
    justerat_on = models.DateField(_("protokollet justerat"), null=True, blank=True)
    posted_on = models.DateField(_("justeringen anslagen"), null=True, blank=True)
    # The day a laglighetsprövning was requested (överklagat); it stops "kan vinna laga kraft".
    appealed_on = models.DateField(
        _("överklagat"),
        null=True,
        blank=True,
        help_text=_("Dagen då beslutet överklagades (laglighetsprövning). Då vinner det inte laga kraft."),
    )
    note = models.CharField(_("anteckning"), max_length=500, blank=True)
    # "Samma beslut" is the condition: a bifall med ändring counts only once a secretary has confirmed it.
    change_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_confirmed_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(null=True, blank=True)
    # Set when the assembly is taken off the required list; the row stays so the history keeps what it said.
    removed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: a registration names the version it was based on.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fullmäktigebeslut")
        verbose_name_plural = _("fullmäktigebeslut")
        ordering = ["organisation__kind", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="ratification_one_row_per_principal"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome="ej_behandlat") | Q(decided_on__isnull=False),
                name="ratification_outcome_needs_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.case}"

    @property
    def is_registered(self) -> bool:
        return bool(self.outcome)

    @property
    def is_required(self) -> bool:
        return self.removed_at is None


class CaseEvent(models.Model):
    """The public history of a case, in words (the audit log keeps the field-level detail)."""

    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("text",)

    case = models.ForeignKey(RatificationCase, on_delete=models.CASCADE, related_name="events")
    assembly_decision = models.ForeignKey(
        AssemblyDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    text = models.CharField(_("händelse"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.text


class ConditionalDecision(models.Model):
    """A decision that holds only if this case's condition is met ("gäller under förutsättning av att ...").

    Held here rather than as a field of decisions.Decision, because ratification sits above decisions.
    """

    decision = models.OneToOneField(
        "decisions.Decision",
        verbose_name=_("beslut"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="ratification_condition",
    )
    case = models.ForeignKey(
        RatificationCase,
        verbose_name=_("ratificeringsärende"),
        on_delete=models.CASCADE,
        related_name="conditional_decision_links",
    )

    class Meta:
        verbose_name = _("villkorat beslut")
        verbose_name_plural = _("villkorade beslut")

    def __str__(self) -> str:
        return f"{self.decision_id} {self.case_id}"
