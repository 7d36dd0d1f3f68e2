"""Meetings of a process, run by a named moderator along the phases of a format.

The format (``quartier.formats``) is stored as its key; phases are copied from the
manifest into ``MeetingPhase`` rows so the moderator can reorder and re-time them. The
timer state lives on the meeting (server side) so every device computes the same
remaining time. Case text of confidential consultations lives only in ``Case`` and
``CaseNote``, which only ``selectors.cases`` reads.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.formats.manifest import FormatManifest
from quartier.formats.registry import get_format


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class Meeting(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="meetings"
    )
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="meetings"
    )
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("group"),
    )
    format_key = models.CharField(_("format"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    place_ref = models.ForeignKey(
        "reach.Place",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("place from the register"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderated_meetings",
        verbose_name=_("moderator"),
    )
    format_settings = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    summary = models.TextField(_("summary"), blank=True)
    result_note = models.TextField(
        _("result note"),
        blank=True,
        help_text=_("A short, non-confidential note that may be shared, e.g. “3 cases consulted”."),
    )
    cases_consulted = models.PositiveIntegerField(default=0)
    current_phase = models.ForeignKey(
        "MeetingPhase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    timer_running_since = models.DateTimeField(null=True, blank=True)
    timer_elapsed = models.PositiveIntegerField(default=0)  # seconds before running_since
    state_version = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["process", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.organisation.slug, self.process.slug, self.pk])

    @property
    def manifest(self) -> FormatManifest:
        return get_format(self.format_key)

    def setting(self, key: str) -> Any:
        if key in self.format_settings:
            return self.format_settings[key]
        return self.manifest.default_settings().get(key)

    @property
    def place_display(self) -> str:
        if self.place_ref_id and self.place:
            return f"{self.place_ref}, {self.place}"
        return str(self.place_ref or self.place or "")

    @property
    def is_finished(self) -> bool:
        return self.status == MeetingStatus.FINISHED


class MeetingPhase(models.Model):
    """One step of a meeting's plan, copied from the manifest (``phase_key``) or added."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveIntegerField()
    phase_key = models.CharField(max_length=60, blank=True)
    custom_title = models.CharField(_("title"), max_length=200, blank=True)
    minutes = models.PositiveIntegerField(
        _("minutes"), validators=[MinValueValidator(0), MaxValueValidator(600)]
    )
    extra_seconds = models.PositiveIntegerField(default=0)
    notes = models.TextField(_("notes"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return str(self.title)

    def _spec(self) -> Any:
        if not self.phase_key:
            return None
        try:
            return self.meeting.manifest.phase(self.phase_key)
        except KeyError:
            return None

    @property
    def title(self) -> Any:
        spec = self._spec()
        return self.custom_title or (spec.title if spec else self.phase_key)

    @property
    def guidance(self) -> Any:
        spec = self._spec()
        return spec.guidance if spec else ""

    @property
    def tools(self) -> tuple[str, ...]:
        spec = self._spec()
        return tuple(spec.tools) if spec else ("notes", "timer")

    @property
    def duration_seconds(self) -> int:
        return self.minutes * 60 + self.extra_seconds


class InviteeRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    HOST = "host", _("Host")


class Invitee(models.Model):
    """Someone invited to a meeting: a user, a contact, or both; attendance is recorded here."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    contact = models.ForeignKey(
        "reach.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(
        _("reply"),
        max_length=10,
        blank=True,
        choices=[("accepted", _("accepted")), ("declined", _("declined"))],
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)  # the day-before reminder

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_invitation_per_user"),
            models.UniqueConstraint(
                fields=["meeting", "contact"], name="one_invitation_per_contact"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The contact's current name (so an erasure shows everywhere), else the stored one."""
        if self.contact_id is not None:
            return str(self.contact)
        return self.name


class Topic(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Concern(models.Model):
    """A concrete concern (Anliegen): how many share it and how ready they are to act (1-5)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="concerns")
    title = models.CharField(_("concern"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    shared_by = models.PositiveIntegerField(_("people who share it"), default=1)
    readiness = models.PositiveSmallIntegerField(
        _("readiness to act (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-readiness", "-shared_by", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(readiness__gte=1, readiness__lte=5),
                name="concern_readiness_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.readiness is not None and not 1 <= self.readiness <= 5:
            raise ValidationError({"readiness": _("Readiness goes from 1 to 5.")})


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("agenda item"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]
