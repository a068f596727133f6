"""Plans and their workstreams, the samordnande gruppernas handlingsplaner, and nyckeltal with measurements."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groups.models import County, Organ, Organisation, Person


class WorkStatus(models.TextChoices):
    """Shared by workstreams, milestones and handlingsplan actions, so a report reads the same everywhere."""

    EJ_PABORJAD = "ej_paborjad", _("Ej påbörjad")
    PAGAR = "pagar", _("Pågår")
    KLAR = "klar", _("Klar")
    FORSENAD = "forsenad", _("Försenad")
    PAUSAD = "pausad", _("Pausad")


# The badge class a status is shown with; the text always says the status too (never colour alone).
STATUS_BADGE: dict[str, str] = {
    WorkStatus.EJ_PABORJAD: "badge-info",
    WorkStatus.PAGAR: "badge-info",
    WorkStatus.KLAR: "badge-ok",
    WorkStatus.FORSENAD: "badge-bad",
    WorkStatus.PAUSAD: "badge-warn",
}


class Plan(models.Model):
    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("name", "description")

    name = models.CharField(_("namn"), max_length=300)
    slug = models.SlugField(_("adressnamn"), max_length=120, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    owner_organ = models.ForeignKey(
        Organ, verbose_name=_("ägande organ"), on_delete=models.PROTECT, related_name="plans"
    )
    start_year = models.PositiveIntegerField(_("period från (år)"), null=True, blank=True)
    end_year = models.PositiveIntegerField(_("period till (år)"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("antagen genom beslut"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_plans",
    )
    is_public = models.BooleanField(_("offentlig"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="plan_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period_label(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")


class Goal(models.Model):
    """A strategy or goal of a plan (seed 004's four strategies)."""

    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("title", "description")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        verbose_name = _("strategi eller mål")
        verbose_name_plural = _("strategier och mål")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Workstream(models.Model):
    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("name", "description")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="workstreams")
    position = models.PositiveIntegerField(_("ordning"), default=0)
    name = models.CharField(_("namn"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    owner_organ = models.ForeignKey(
        Organ, verbose_name=_("ägande organ"), on_delete=models.PROTECT, related_name="workstreams"
    )
    leads = models.ManyToManyField(Person, verbose_name=_("ansvariga"), blank=True, related_name="led_workstreams")
    status = models.CharField(
        _("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.EJ_PABORJAD, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("framdrift (procent)"), default=0, validators=[MaxValueValidator(100)]
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("slut"), null=True, blank=True)
    decisions = models.ManyToManyField(
        "decisions.Decision", verbose_name=_("beslut"), blank=True, related_name="workstreams"
    )
    assignments = models.ManyToManyField(
        "decisions.Assignment", verbose_name=_("uppdrag"), blank=True, related_name="workstreams"
    )
    agenda_items = models.ManyToManyField(
        "meetings.AgendaItem", verbose_name=_("ärenden"), blank=True, related_name="workstreams"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("arbetsområde")
        verbose_name_plural = _("arbetsområden")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="workstream_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="workstream_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE.get(self.status, "badge-info")

    @property
    def next_milestone(self) -> Milestone | None:
        # Iterates the prefetched milestones (ordered by date) rather than asking the database again.
        return next((m for m in self.milestones.all() if m.status != WorkStatus.KLAR), None)


class Milestone(models.Model):
    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("title", "note")

    workstream = models.ForeignKey(
        Workstream, verbose_name=_("arbetsområde"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("rubrik"), max_length=300)
    due_date = models.DateField(_("datum"))
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.EJ_PABORJAD)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")
        ordering = ["workstream", "due_date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE.get(self.status, "badge-info")


class WorkstreamStatusChange(models.Model):
    """The status history: who changed what and when, with the comment they gave. Written, never edited."""

    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("changed_by_name", "comment")

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="status_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by_name = models.CharField(_("ändrad av"), max_length=200, blank=True)
    changed_at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    old_status = models.CharField(_("tidigare status"), max_length=20, choices=WorkStatus.choices, blank=True)
    new_status = models.CharField(_("ny status"), max_length=20, choices=WorkStatus.choices)
    old_progress = models.PositiveSmallIntegerField(_("tidigare framdrift"), null=True, blank=True)
    new_progress = models.PositiveSmallIntegerField(_("ny framdrift"), null=True, blank=True)
    comment = models.TextField(_("kommentar"))

    class Meta:
        verbose_name = _("statusändring")
        verbose_name_plural = _("statusändringar")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.workstream}: {self.old_status} → {self.new_status}"


class ActionPlan(models.Model):
    """A samordnande grupps handlingsplan."""

    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("title", "description")

    organ = models.ForeignKey(Organ, verbose_name=_("grupp"), on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    start_year = models.PositiveIntegerField(_("period från (år)"), null=True, blank=True)
    end_year = models.PositiveIntegerField(_("period till (år)"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("antagen genom beslut"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_action_plans",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        ordering = ["organ", "-start_year", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")


class Action(models.Model):
    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("title", "description")

    action_plan = models.ForeignKey(
        ActionPlan, verbose_name=_("handlingsplan"), on_delete=models.CASCADE, related_name="actions"
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    owner = models.ForeignKey(
        Person, verbose_name=_("ansvarig"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.EJ_PABORJAD)
    decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("beslut"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["action_plan", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE.get(self.status, "badge-info")


class ActionPlanReport(models.Model):
    """A group's report to LGL: the agenda item it was reported at and the plan's actions as they stood then."""

    action_plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reports")
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", verbose_name=_("ärende"), on_delete=models.PROTECT, related_name="action_plan_reports"
    )
    reported_on = models.DateField(_("rapporterad"))
    snapshot = models.JSONField(_("läge vid rapporteringen"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rapportering av handlingsplan")
        verbose_name_plural = _("rapporteringar av handlingsplaner")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "agenda_item"], name="actionplanreport_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.action_plan} ({self.reported_on:%Y-%m-%d})"


class Indicator(models.Model):
    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("name", "definition", "unit", "source")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Högre är bättre")
        LOWER = "lower", _("Lägre är bättre")

    name = models.CharField(_("namn"), max_length=300)
    slug = models.SlugField(_("adressnamn"), max_length=120, unique=True)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("enhet"), max_length=50, blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    is_public = models.BooleanField(_("offentlig"), default=True)
    owner_organ = models.ForeignKey(
        Organ, verbose_name=_("ägande organ"), on_delete=models.PROTECT, related_name="indicators"
    )
    # Demo indicators carry invented values and say so on every page that shows them.
    is_demo = models.BooleanField(_("demodata"), default=False)

    class Meta:
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


PERIOD_VALIDATOR = RegexValidator(
    r"^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$",
    _("Ange perioden som år (2023), halvår (2023-H1), kvartal (2023-Q1) eller månad (2023-05)."),
)


class Measurement(models.Model):
    """One value of an indicator for one organisation, or for the whole län (no organisation), in one period."""

    # Public text, checked by lgl_portal.core.publication before it is saved.
    PUBLIC_FIELDS = ("note",)

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("nyckeltal"), on_delete=models.CASCADE, related_name="measurements"
    )
    county = models.ForeignKey(County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    # Text sorts in time order within one granularity: 2022 < 2023, 2023-Q1 < 2023-Q2.
    period = models.CharField(_("period"), max_length=7, validators=[PERIOD_VALIDATOR], db_index=True)
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=3)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mätvärde")
        verbose_name_plural = _("mätvärden")
        ordering = ["indicator", "period", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period"],
                condition=Q(organisation__isnull=False),
                name="measurement_unique_per_organisation_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "county", "period"],
                condition=Q(organisation__isnull=True),
                name="measurement_unique_county_period",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"
