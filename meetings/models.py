"""Meetings, their agenda, attendance and the protocol drafted on them, through justering to anslag."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from groups.models import Organ, Organisation, Person
from meetings import presentation


class AgendaApproval(models.TextChoices):
    """How the meeting approved its föredragningslista (issue 13)."""

    UTAN_ANDRING = "utan_andring", _("Godkänd utan ändring")
    MED_TILLAGG = "med_tillagg", _("Godkänd med tillägg")
    MED_ANDRING = "med_andring", _("Godkänd med ändring")


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANERAT = "planerat", _("Planerat")
        KALLAT = "kallat", _("Kallat")
        GENOMFORT = "genomfort", _("Genomfört")
        UNDER_JUSTERING = "under_justering", _("Protokoll under justering")
        JUSTERAT = "justerat", _("Justerat")
        ANSLAGET = "anslaget", _("Anslaget")

    # Once here, the protocol is locked: only a recorded correction may change it.
    LOCKED_STATUSES = (Status.JUSTERAT, Status.ANSLAGET)
    # Shown in the public calendar, on the meeting page and in the protocol: checked by lgl_portal.core.publication.
    PUBLIC_FIELDS = ("title", "location", "justering_place")

    organ = models.ForeignKey(Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    date = models.DateField(_("datum"), db_index=True)
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    location = models.CharField(_("plats"), max_length=300, blank=True)
    video_link = models.URLField(_("länk till digitalt möte"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANERAT, db_index=True
    )
    secretary = models.ForeignKey(
        Person, verbose_name=_("sekreterare"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chair = models.ForeignKey(
        Person, verbose_name=_("ordförande"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adjusters = models.ManyToManyField(
        Person, verbose_name=_("justerare"), blank=True, related_name="meetings_to_adjust"
    )
    kallelse_sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    kallelse_message = models.TextField(_("meddelande i kallelsen"), blank=True)
    justering_place = models.CharField(_("justeringens plats"), max_length=200, blank=True)
    # --- Issue 13, the protocol's frame: the planned justering and the approval of the föredragningslista.
    # The day decided at the meeting ("Justering sker ... den 16 oktober 2026"); justerat_at is when it happened.
    justering_date = models.DateField(_("justeringens dag"), null=True, blank=True)
    agenda_approval = models.CharField(
        _("föredragningslistan"), max_length=20, choices=AgendaApproval.choices, blank=True
    )
    sent_for_justering_at = models.DateTimeField(_("skickat för justering"), null=True, blank=True)
    justerat_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    # Set when the late-justering warning went out, so the daily task warns once per meeting.
    justering_warned_at = models.DateTimeField(_("påminnelse om sen justering"), null=True, blank=True)
    # The last day a reminder before the justering deadline went out, so a rerun the same day sends nothing.
    justering_reminded_on = models.DateField(_("påminnelse före justeringsfristen"), null=True, blank=True)
    # Raised by each recorded correction after justering; documents record which version they render.
    protocol_version = models.PositiveIntegerField(_("protokollversion"), default=1)
    posted_on = models.DateField(_("anslaget"), null=True, blank=True)
    remove_on = models.DateField(_("anslaget tas ned"), null=True, blank=True)
    storage_place = models.CharField(_("förvaringsplats"), max_length=200, blank=True)
    # Cancelled by the secretary with a reason (meetings.services.changes); the meeting stays, marked, so
    # calendars and open-data clients that have it learn of the cancellation.
    cancelled_at = models.DateTimeField(_("inställt"), null=True, blank=True)
    cancellation_reason = models.TextField(_("skäl till att mötet ställts in"), blank=True)
    # iCalendar SEQUENCE (RFC 5545 3.8.7.4): raised by the services whenever the time, the place or the status
    # changes, so calendar clients replace their copy.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["organ", "date"])]
        permissions = [("justera_meeting", _("Kan justera protokollet"))]

    def __str__(self) -> str:
        return f"{self.organ} {self.date:%Y-%m-%d}"

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED_STATUSES

    # The questions templates and services ask of the status, so no page compares status strings itself.
    @property
    def is_under_justering(self) -> bool:
        return self.status == self.Status.UNDER_JUSTERING

    @property
    def is_editable(self) -> bool:
        """Neither locked nor in the signers' hands: the secretary may change the meeting and its protocol."""
        return not self.is_locked and not self.is_under_justering

    @property
    def is_planned(self) -> bool:
        """Planned only: no kallelse yet."""
        return self.status == self.Status.PLANERAT

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_upcoming(self) -> bool:
        """Planned or called, not yet held: a kallelse may be sent and the meeting marked as held."""
        return self.status in (self.Status.PLANERAT, self.Status.KALLAT)

    @property
    def is_ready_for_justering(self) -> bool:
        return self.status in (self.Status.KALLAT, self.Status.GENOMFORT)


# --- Issue 13, the protocol's frame ------------------------------------------------------------------------------


class Adjournment(models.Model):
    """An ajournering within the meeting ("Ajournering kl. 14:00–14:15"): printed in the protocol and nowhere else,
    so it never leaks into the kallelse, the calendar or the meeting's Plats."""

    PUBLIC_FIELDS = ("note",)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="adjournments")
    start_time = models.TimeField(_("från kl."))
    end_time = models.TimeField(_("till kl."))
    note = models.CharField(_("anteckning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ajournering")
        verbose_name_plural = _("ajourneringar")
        ordering = ["meeting", "start_time", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="adjournment_ends_after")
        ]

    def __str__(self) -> str:
        return f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"


# --- end of issue 13, the protocol's frame -----------------------------------------------------------------------


class MeetingUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)


class MeetingGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)


class MeetingChange(models.Model):
    """A meeting moved or cancelled by the secretary, with the reason and what it was before (public)."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Flyttat")
        CANCELLED = "cancelled", _("Inställt")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(_("skäl"))
    previous_date = models.DateField()
    previous_start_time = models.TimeField(null=True, blank=True)
    previous_end_time = models.TimeField(null=True, blank=True)
    previous_location = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ändring av sammanträde")
        verbose_name_plural = _("ändringar av sammanträden")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.kind}"


class AgendaItem(models.Model):
    """An ärende on the föredragningslista; after justering-sending, a numbered protocol paragraph."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        BESLUT = "beslutsarende", _("Beslutsärende")
        WORKSHOP = "workshop", _("Workshop")
        OVRIG_FRAGA = "ovrig_fraga", _("Övrig fråga")
        TILLAGG = "tillagg", _("Tillägg")

    class Handling(models.TextChoices):
        """What the meeting did with the item (issue 13): dealt with, withdrawn (utgår) or postponed (bordläggs).
        An item that utgår or bordläggs keeps its place and number in the list and gets no decision."""

        BEHANDLAS = "", _("Behandlas")
        UTGAR = "utgar", _("Utgår")
        BORDLAGGS = "bordlaggs", _("Bordläggs")

    # The protocol text fields, each HTML sanitised by the service that saves it.
    TEXT_FIELDS = (
        "summary",
        "proposal",
        "decision_text",
        "notes",
        "motions",
        "voting",
        "reservations",
        "protocol_notes",
    )
    # The publication gate reads `public_field_names()`: a confidential paragraph publishes only its public
    # heading and the legal ground; its internal title and texts never leave the portal.
    PUBLIC_FIELDS = (
        "title",
        "public_title",
        "diarienummer",
        "confidentiality_reference",
        "handling_reason",
        *TEXT_FIELDS,
    )
    PUBLIC_HTML_FIELDS = TEXT_FIELDS

    meeting = models.ForeignKey(Meeting, verbose_name=_("sammanträde"), on_delete=models.CASCADE, related_name="items")
    # Copied from the meeting so the database can keep § numbers unique per organ and year.
    organ = models.ForeignKey(Organ, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("ordning"))
    title = models.CharField(_("rubrik"), max_length=300)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION)
    diarienummer = models.CharField(_("diarienummer"), max_length=60, blank=True)
    paragraph_number = models.PositiveIntegerField(_("paragraf"), null=True, blank=True)
    paragraph_year = models.PositiveIntegerField(_("paragrafår"), null=True, blank=True)
    is_confidential = models.BooleanField(_("sekretess"), default=False)
    confidentiality_reference = models.CharField(
        _("sekretessgrund"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. 26 kap. 1 § offentlighets- och sekretesslagen."),
    )
    public_title = models.CharField(
        _("offentlig rubrik"),
        max_length=200,
        blank=True,
        help_text=_("Visas för allmänheten i stället för rubriken när ärendet har sekretess, t.ex. ”Personalärende”."),
    )
    summary = models.TextField(_("sammanfattning av ärendet"), blank=True)
    proposal = models.TextField(_("förslag till beslut"), blank=True)
    decision_text = models.TextField(_("beslut"), blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    motions = models.TextField(_("yrkanden"), blank=True)
    voting = models.TextField(_("omröstning"), blank=True)
    reservations = models.TextField(_("reservationer"), blank=True)
    protocol_notes = models.TextField(_("protokollsanteckningar"), blank=True)
    # A per capsulam decision taken between meetings and recorded here as a Tillägg, with its own date.
    per_capsulam_date = models.DateField(_("beslutsdatum (per capsulam)"), null=True, blank=True)
    # --- Issue 13, the protocol's frame: utgår/bordläggs with the reason, and the "Val av justerare" paragraph.
    handling = models.CharField(_("handläggning"), max_length=20, choices=Handling.choices, blank=True, default="")
    handling_reason = models.TextField(_("skäl"), blank=True)
    # The paragraph prints the meeting's planned justering ("Att jämte ordföranden justera protokollet utses …").
    is_justerare_choice = models.BooleanField(_("val av justerare"), default=False)
    # Optimistic lock: every save of the protocol text raises it, checked in the UPDATE's WHERE.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["meeting", "position", "id"]
        constraints = [
            # Per organ and year for the formats that run through the year; an organ numbering per meeting leaves
            # paragraph_year empty, so this one does not hold its items (the per-meeting one below does).
            models.UniqueConstraint(
                fields=["organ", "paragraph_year", "paragraph_number"],
                condition=Q(paragraph_number__isnull=False, paragraph_year__isnull=False),
                name="agendaitem_unique_paragraph_per_organ_year",
            ),
            models.UniqueConstraint(
                fields=["meeting", "paragraph_number"],
                condition=Q(paragraph_number__isnull=False),
                name="agendaitem_unique_paragraph_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(handling="") | ~Q(handling_reason=""),
                name="agendaitem_handling_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(is_confidential=False) | ~Q(confidentiality_reference=""),
                name="agendaitem_confidential_needs_reference",
            ),
        ]

    def __str__(self) -> str:
        label = self.paragraph_label
        return f"{label} {self.title}" if label else self.title

    @property
    def paragraph_label(self) -> str:
        return self.organ.format_paragraph(self.paragraph_number, self.paragraph_year)

    @property
    def public_heading(self) -> str:
        """The heading every public output shows: the internal title never, for a confidential paragraph."""
        if not self.is_confidential:
            return self.title
        return self.public_title or str(_("Ärende med sekretess"))

    def public_field_names(self) -> tuple[str, ...]:
        if self.is_confidential:
            return ("public_title", "confidentiality_reference")
        return ("title", "diarienummer", "handling_reason", *self.TEXT_FIELDS)

    @property
    def is_tillagg(self) -> bool:
        return self.kind == self.Kind.TILLAGG

    @property
    def is_set_aside(self) -> bool:
        """Utgår or bordläggs: no decision in this meeting."""
        return self.handling != self.Handling.BEHANDLAS


class Presenter(models.Model):
    """A föredragare: a person of the portal, or a name, title and organisation typed in."""

    PUBLIC_FIELDS = ("name", "title", "organisation_name")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="presenters")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("namn"), max_length=200, blank=True)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("föredragare")
        verbose_name_plural = _("föredragare")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""), name="presenter_person_or_name")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person is not None:
            return self.person.name
        return self.name

    @property
    def display_title(self) -> str:
        return self.title or (self.person.title if self.person is not None else "")

    @property
    def display_organisation(self) -> str:
        if self.organisation_name:
            return self.organisation_name
        if self.person is not None and self.person.organisation is not None:
            return self.person.organisation.name
        return ""

    @property
    def display(self) -> str:
        """ "Sofia Hartz, planeringsdirektör, Region Kalmar län", written by meetings.presentation."""
        return presentation.presenter_line(self)


class Attachment(models.Model):
    """A handling: an uploaded file or a link (Bildspel, film), served only through a permission-checked view."""

    class Kind(models.TextChoices):
        DOKUMENT = "dokument", _("Dokument")
        BILDSPEL = "bildspel", _("Bildspel")
        FILM = "film", _("Film")
        LANK = "lank", _("Länk")

    PUBLIC_FIELDS = ("title",)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.DOKUMENT)
    file = models.FileField(_("fil"), upload_to="handlingar/%Y/", blank=True)
    url = models.URLField(_("länk"), blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    # Handlingar are for members until the protocol is justerat; then those marked public are shown to all.
    is_public = models.BooleanField(_("offentlig handling"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="attachment_file_or_url"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Role(models.TextChoices):
        BESLUTANDE = "beslutande", _("Beslutande ledamot")
        ERSATTARE = "ersattare", _("Tjänstgörande ersättare")
        # Present and following the meeting, but not deciding: an ersättare whose member is there.
        EJ_TJANSTGORANDE = "ej_tjanstgorande", _("Ej tjänstgörande ersättare")
        OVRIG = "ovrig", _("Övrig medverkande")

    class Presence(models.TextChoices):
        NARVARANDE = "narvarande", _("Närvarande")
        VIA_LANK = "via_lank", _("Via länk")
        FRANVARANDE = "franvarande", _("Frånvarande")

    PUBLIC_FIELDS = ("name", "title", "organisation_name", "note")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # For övriga medverkande who are not people of the portal.
    name = models.CharField(_("namn"), max_length=200, blank=True)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.BESLUTANDE)
    presence = models.CharField(_("närvaro"), max_length=20, choices=Presence.choices, default=Presence.NARVARANDE)
    replaces = models.ForeignKey(
        Person, verbose_name=_("ersätter"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The paragraphs the row covers are its `ranges` (AttendanceRange); no range: the whole meeting.
    note = models.CharField(_("anteckning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""), name="attendance_person_or_name"),
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="attendance_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return self.person.name if self.person is not None else self.name

    @property
    def is_via_link(self) -> bool:
        return self.presence == self.Presence.VIA_LANK

    @property
    def is_ersattare(self) -> bool:
        return self.role == self.Role.ERSATTARE


# --- Attendance by paragraph (issue 13, seats and attendance) ---------------------------------------------
class AttendanceRange(models.Model):
    """One run of paragraphs an attendance row covers: present for them, or serving in them as ersättare.

    A row has any number of ranges ("§ 1, 3–6" is two); a row without ranges covers the whole meeting. An open
    end (no from_item or no until_item) runs to the start or the end of the meeting.
    """

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="ranges")
    from_item = models.ForeignKey(
        AgendaItem, verbose_name=_("från och med"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    until_item = models.ForeignKey(
        AgendaItem, verbose_name=_("till och med"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("närvaro för paragrafer")
        verbose_name_plural = _("närvaro för paragrafer")
        ordering = ["attendance", "id"]

    def __str__(self) -> str:
        return f"{self.attendance} ({self.from_item_id}–{self.until_item_id})"


class Recusal(models.Model):
    """Jäv: a person who left the room for a paragraph."""

    PUBLIC_FIELDS = ("note",)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("anteckning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="recusal_once_per_item")]

    def __str__(self) -> str:
        return f"{self.person} ({self.item})"


class ItemRevision(models.Model):
    """Every saved state of an item's protocol text, with who and when, for history and diffs."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "-version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="itemrevision_unique_version")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"


class JusteringSignature(models.Model):
    """The ordförande's or a justerare's approval (or return) of a protocol version."""

    class Role(models.TextChoices):
        ORDFORANDE = "ordforande", _("Ordförande")
        JUSTERARE = "justerare", _("Justerare")

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        APPROVED = "approved", _("Godkänt")
        RETURNED = "returned", _("Återsänt")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="signatures")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    comment = models.TextField(_("kommentar"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    protocol_version = models.PositiveIntegerField(default=1)
    round = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person", "round"], name="signature_once_per_round")]

    def __str__(self) -> str:
        return f"{self.person} {self.get_role_display()} {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED


class ParagraphComment(models.Model):
    """A justerare's comment on one paragraph while reading the draft."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="justering_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class ProtocolCorrection(models.Model):
    """A rättelse after justering, itself justered: proposed by the secretary with a reason, approved by the same
    chair and justerare, and only then the new numbered protocol version. The protocol before it is kept."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen")
        APPROVED = "approved", _("Godkänd")
        RETURNED = "returned", _("Återsänd")

    PUBLIC_FIELDS = ("reason",)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections")
    # The protocol version this correction makes (the version before it is version - 1).
    version = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPROVED)
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("ärende"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("skäl"))
    # The item's text fields before and after, as the signers compare them.
    texts_before = models.JSONField(default=dict, blank=True)
    texts_after = models.JSONField(default=dict, blank=True)
    snapshot = models.JSONField(default=dict, help_text="The protocol as it stood before the correction.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "version", "id"]
        constraints = [
            # A returned proposal keeps its row (history) but gives its version number back.
            models.UniqueConstraint(
                fields=["meeting", "version"], condition=~Q(status="returned"), name="correction_unique_version"
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(status="proposed"), name="correction_one_open_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"


class CorrectionApproval(models.Model):
    """The chair's or a justerare's approval (or return) of one proposed rättelse."""

    correction = models.ForeignKey(ProtocolCorrection, on_delete=models.CASCADE, related_name="approvals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=JusteringSignature.Role.choices)
    status = models.CharField(
        max_length=20, choices=JusteringSignature.Status.choices, default=JusteringSignature.Status.PENDING
    )
    comment = models.TextField(_("kommentar"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["correction", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["correction", "person"], name="correction_approval_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_role_display()} {self.get_status_display()}"


class NoticePosting(models.Model):
    """The day the notice of justering went up on one partner's anslagstavla (organs shared by principals)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notice_postings")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("huvudman"), on_delete=models.PROTECT, related_name="+"
    )
    posted_on = models.DateField(_("anslaget"))

    class Meta:
        ordering = ["meeting", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="notice_posting_once_per_board")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.organisation} {self.posted_on}"


class ProtocolExtract(models.Model):
    """A protokollsutdrag: chosen paragraphs for a named recipient (an organisation of the register, or, in
    expediering, a person or an e-mail address named in `recipient_name`)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="extracts")
    items = models.ManyToManyField(AgendaItem, related_name="extracts")
    recipient = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_name = models.CharField(_("mottagare"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.recipient_label}"

    @property
    def recipient_label(self) -> str:
        return self.recipient.name if self.recipient is not None else self.recipient_name


# --- Paragraph content (issue 13): beslutspunkter, yrkanden, propositionsordning, omröstning, reservationer and
# protokollsanteckningar by named members. Who may appear in each is checked by meetings.services.proceedings
# against meetings.deciding; the protocol prints them through meetings.presentation.


class DecisionPoint(models.Model):
    """One beslutspunkt of a paragraph, printed "1.", "2." … in its Beslut section (the decision register may
    point at one: decisions.Decision.decision_point)."""

    PUBLIC_FIELDS = ("text",)
    PUBLIC_HTML_FIELDS = ("text",)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decision_points")
    position = models.PositiveIntegerField(_("ordning"), default=1)
    text = models.TextField(_("beslutspunkt"))

    class Meta:
        verbose_name = _("beslutspunkt")
        verbose_name_plural = _("beslutspunkter")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.position}."


class Motion(models.Model):
    """Ett yrkande: a member deciding in the paragraph moves something; others may support it (instämmer)."""

    PUBLIC_FIELDS = ("text",)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="motion_entries")
    position = models.PositiveIntegerField(_("ordning"), default=1)
    mover = models.ForeignKey(Person, verbose_name=_("yrkande av"), on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("yrkande"), max_length=1000)
    supporters = models.ManyToManyField(Person, verbose_name=_("instämmer"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.mover}: {self.text[:40]}"


class PropositionOrder(models.Model):
    """Propositionsordningen: how the chair put the proposals ("Ordföranden ställer proposition på … och finner
    att arbetsutskottet beslutar enligt …")."""

    PUBLIC_FIELDS = ("text",)

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="proposition_order")
    text = models.TextField(_("propositionsordning"))

    class Meta:
        verbose_name = _("propositionsordning")
        verbose_name_plural = _("propositionsordningar")

    def __str__(self) -> str:
        return self.text[:50]


class Vote(models.Model):
    """An omröstning by roll call (votering) in a paragraph: what ja and nej mean; the ballots below."""

    PUBLIC_FIELDS = ("yes_means", "no_means")

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="roll_call")
    yes_means = models.CharField(_("ja innebär"), max_length=300)
    no_means = models.CharField(_("nej innebär"), max_length=300)

    class Meta:
        verbose_name = _("omröstning")
        verbose_name_plural = _("omröstningar")

    def __str__(self) -> str:
        return f"{self.item}: {self.yes_means} / {self.no_means}"


class Ballot(models.Model):
    """One member's answer in a roll call."""

    class Choice(models.TextChoices):
        JA = "ja", _("Ja")
        NEJ = "nej", _("Nej")
        AVSTAR = "avstar", _("Avstår")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("röst"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="ballot_once_per_vote")]

    def __str__(self) -> str:
        return f"{self.person}: {self.choice}"


class MemberStatement(models.Model):
    """A reservation against the paragraph's decision, or a protokollsanteckning, by a named member, with an
    optional written text."""

    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("Reservation")
        PROTOKOLLSANTECKNING = "protokollsanteckning", _("Protokollsanteckning")

    PUBLIC_FIELDS = ("text",)
    PUBLIC_HTML_FIELDS = ("text",)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    person = models.ForeignKey(Person, verbose_name=_("ledamot"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("skriftlig text"), blank=True)

    class Meta:
        verbose_name = _("reservation eller protokollsanteckning")
        verbose_name_plural = _("reservationer och protokollsanteckningar")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "kind", "person"], name="statement_once_per_kind_and_person")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person}"
