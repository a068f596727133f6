"""Organisations, people, organs and memberships: who LGL is, and who sits where, with full history."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class County(models.Model):
    """A län. Nothing in the portal assumes Kalmar: organisations and organs belong to a county."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    code = models.CharField(_("länskod"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("län")
        verbose_name_plural = _("län")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        KOMMUN = "kommun", _("Kommun")
        KOMMUNALFORBUND = "kommunalforbund", _("Kommunalförbund")
        OVRIG = "ovrig", _("Övrig")

    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=50, blank=True)
    slug = models.SlugField(_("adressnamn"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    county = models.ForeignKey(County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="organisations")
    # Principals (huvudmän) are the region and the kommuner whose assemblies ratify joint proposals.
    is_principal = models.BooleanField(_("huvudman"), default=False)
    contact_email = models.EmailField(_("kontakt (e-post)"), blank=True)
    # Where decisions and protokollsutdrag are sent to be registered (diarieförda); expediering uses it.
    registrator_email = models.EmailField(_("registrator (e-post)"), blank=True)
    # When the row was made and last changed: the open API's `created` and `modified`.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["county__name", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="organisation_unique_name_in_county")]

    def __str__(self) -> str:
        return self.name

    @property
    def registry_address(self) -> str:
        """The address a decision for this organisation goes to: its registrator, else its general contact."""
        return self.registrator_email or self.contact_email


class Person(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    party = models.CharField(
        _("parti"), max_length=20, blank=True, help_text=_("För förtroendevalda, t.ex. M eller S.")
    )
    email = models.EmailField(_("e-post"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Set when a person's data has been anonymised in public outputs (GDPR); the row stays for history.
    anonymised_at = models.DateTimeField(_("avidentifierad"), null=True, blank=True)
    # When the row was made and last changed: the open API's `created` and `modified`.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.party})" if self.party else self.name

    @property
    def public_name(self) -> str:
        return str(_("Avidentifierad person")) if self.anonymised_at else str(self)


class Organ(models.Model):
    """A body that meets: LGL, presidiet, a samordnande grupp, a network, an assembly."""

    class Kind(models.TextChoices):
        LEDNINGSGRUPP = "ledningsgrupp", _("Ledningsgrupp")
        PRESIDIUM = "presidium", _("Presidium")
        SAMORDNANDE_GRUPP = "samordnande_grupp", _("Samordnande grupp")
        NATVERK = "natverk", _("Nätverk")
        STYRGRUPP = "styrgrupp", _("Styrgrupp")
        FULLMAKTIGE = "fullmaktige", _("Fullmäktige")
        STYRELSE = "styrelse", _("Styrelse eller nämnd")

    class ParagraphFormat(models.TextChoices):
        # Numbered per organ and year (Kommunallagen style): the first two; per meeting, restarting at 1: the last two.
        PLAIN = "plain", _("§ 33 (löpande per år)")
        YEAR = "year", _("§ 157/23 (löpande per år, med år)")
        MEETING = "meeting", _("§ 1 (börjar om vid varje sammanträde)")
        POINTS = "points", _("1. Punkter utan § (börjar om vid varje sammanträde)")

    # Formats whose numbers restart at 1 in each meeting and carry no year.
    PER_MEETING_FORMATS = (ParagraphFormat.MEETING, ParagraphFormat.POINTS)

    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=50, blank=True)
    slug = models.SlugField(_("adressnamn"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnat organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    county = models.ForeignKey(County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="organs")
    # The organisation whose assembly or board this is (kommunfullmäktige of a kommun); empty for joint organs.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organs",
    )
    description = models.TextField(_("beskrivning"), blank=True)
    purpose = models.TextField(_("syfte"), blank=True)
    # Kommunallagen 8 kap. 12 § and 13 kap.: anslag within two days of justering and three weeks for appeal.
    kommunallagen_rules = models.BooleanField(
        _("Kommunallagens regler om anslag och överklagande gäller"), default=False
    )
    # Kommunallagen 5 kap. 69 § gives 14 days; an organ outside the law keeps its own rule here.
    justering_days = models.PositiveSmallIntegerField(
        _("dagar för justering"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Protokollet ska vara justerat senast så många dagar efter sammanträdet."),
    )
    # A gemensam nämnd or other organ shared by several principals announces on each partner's anslagstavla;
    # the time for överklagande starts when the notice is up on the last of them (Kommunallagen 13 kap. 5 §).
    notice_boards = models.ManyToManyField(
        Organisation,
        verbose_name=_("huvudmännens anslagstavlor"),
        blank=True,
        related_name="+",
        help_text=_("För ett organ som flera huvudmän delar: de anslagstavlor där justeringen ska tillkännages."),
    )
    paragraph_format = models.CharField(
        _("paragrafformat"), max_length=10, choices=ParagraphFormat.choices, default=ParagraphFormat.PLAIN
    )
    protocol_storage_place = models.CharField(_("förvaringsplats för protokoll"), max_length=200, blank=True)
    # Issue 13: an organ that still signs its protocols in ink gets boxes for the signatures in the PDF.
    signs_by_hand = models.BooleanField(
        _("protokollet skrivs under för hand"),
        default=False,
        help_text=_("PDF:en får rutor för underskrift med penna för sekreterare, ordförande och justerare."),
    )
    # Whether the public sees this organ's meetings, agendas and justerade protocols.
    is_public = models.BooleanField(_("offentligt organ"), default=True)
    # When the row was made and last changed: the open API's `created` and `modified`.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["county__name", "name"]
        permissions = [
            ("view_organ_internal", _("Kan läsa organets interna handlingar")),
            ("manage_organ", _("Kan administrera organets möten och protokoll")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def numbers_per_meeting(self) -> bool:
        return self.paragraph_format in self.PER_MEETING_FORMATS

    @property
    def uses_points(self) -> bool:
        """Plain numbered points ("1. Välkomna"), no § sign: LGL's own style."""
        return self.paragraph_format == self.ParagraphFormat.POINTS

    def format_paragraph(self, number: int | None, year: int | None) -> str:
        if number is None:
            return ""
        if self.paragraph_format == self.ParagraphFormat.POINTS:
            return f"{number}."
        if self.paragraph_format == self.ParagraphFormat.YEAR and year:
            return f"§ {number}/{year % 100:02d}"
        return f"§ {number}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, day: dt.date | None = None) -> MembershipQuerySet:
        day = day or timezone.localdate()
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


class Membership(models.Model):
    """An uppdrag i organ. Ended, never rewritten: replacing a member ends one row and starts another."""

    class Role(models.TextChoices):
        ORDFORANDE = "ordforande", _("Ordförande")
        VICE_ORDFORANDE = "vice_ordforande", _("Vice ordförande")
        ANDRE_VICE_ORDFORANDE = "andre_vice_ordforande", _("2:e vice ordförande")
        LEDAMOT = "ledamot", _("Ledamot")
        ERSATTARE = "ersattare", _("Ersättare")
        BRUKARREPRESENTANT = "brukarrepresentant", _("Brukarrepresentant")
        SEKRETERARE = "sekreterare", _("Sekreterare")
        SAMORDNARE = "samordnare", _("Samordnare")
        ADJUNGERAD = "adjungerad", _("Adjungerad")

    # Roles that take part in decisions (beslutande); the rest support the organ.
    DECIDING_ROLES = (
        Role.ORDFORANDE,
        Role.VICE_ORDFORANDE,
        Role.ANDRE_VICE_ORDFORANDE,
        Role.LEDAMOT,
        Role.BRUKARREPRESENTANT,
    )
    # Roles that may run the organ's meetings and protocols in the portal.
    SECRETARY_ROLES = (Role.SEKRETERARE, Role.SAMORDNARE)
    # Roles of which an organ has at most one at a time.
    SINGLE_ROLES = (Role.ORDFORANDE, Role.VICE_ORDFORANDE, Role.ANDRE_VICE_ORDFORANDE)

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    organ = models.ForeignKey(Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    representing = models.ForeignKey(
        Organisation,
        verbose_name=_("representerar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True)
    # Which decision made the change is recorded by decisions.MembershipDecision (decisions sit above groups).
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    # When the row was made and last changed: the open API's `created` and `modified`.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppdrag i organ")
        verbose_name_plural = _("uppdrag i organ")
        ordering = ["organ", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_not_before_start",
            ),
            # The services check overlapping periods; the database guarantees the open-ended case.
            models.UniqueConstraint(
                fields=["organ", "role"],
                condition=Q(end_date__isnull=True, role__in=["ordforande", "vice_ordforande", "andre_vice_ordforande"]),
                name="membership_one_open_chair_role_per_organ",
            ),
        ]
        indexes = [models.Index(fields=["organ", "end_date"]), models.Index(fields=["person", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.organ}"

    def is_active_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


# Direct foreign-key permission tables: guardian's generic text object_pk cannot use an index on a join.
class OrganUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organ, on_delete=models.CASCADE)


class OrganGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organ, on_delete=models.CASCADE)


# --- Seats (issue 13, seats and attendance) ---------------------------------------------------------------
class VacantSeat(models.Model):
    """A seat of the organ that nobody holds for a period, printed as "Vakant (M)" in its protocols.

    The organ's seats are its deciding memberships plus its vacant seats on a day, so the quorum counts a seat
    left empty by a resignation until fullmäktige fills it. The party keeps the seat the party's until then.
    """

    organ = models.ForeignKey(Organ, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="vacant_seats")
    party = models.CharField(_("parti"), max_length=20, blank=True, help_text=_("Partiet vars plats är vakant."))
    start_date = models.DateField(_("vakant från"))
    end_date = models.DateField(_("vakant till"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("vakant plats")
        verbose_name_plural = _("vakanta platser")
        ordering = ["organ", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="vacantseat_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Vakant')} ({self.party})" if self.party else str(_("Vakant"))

    def is_active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)
