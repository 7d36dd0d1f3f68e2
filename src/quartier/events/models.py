"""Live events inside a process: the event, its rooms and slots, participants, the
ordered live log that every screen follows, idempotency receipts and pair rounds."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DEFAULT_RETENTION_DAYS = 90
MAX_RETENTION_DAYS = 730


class Event(models.Model):
    """An open assembly or open space: a hall, a wall, phases switched by the moderators."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="events"
    )
    format_key = models.CharField(_("format"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # 8 characters of a 31-letter alphabet (about 10^12 codes), shown as K7MX-42QP;
    # events from before kept their 6-character codes.
    join_code = models.CharField(max_length=10, unique=True)
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="moderated_events",
        blank=True,
        verbose_name=_("moderation team"),
    )
    phase = models.CharField(max_length=60, blank=True)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    config = models.JSONField(default=dict, blank=True)  # the format's settings for this event
    last_seq = models.PositiveBigIntegerField(default=0)  # the live log's high-water mark
    # Closed: the code no longer lets anyone in (a closed and a wrong code look the same).
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Participants' personal data is deleted this many days after the event (see
    # ``events.retention``); ``participants_purged_at`` records when that happened.
    retention_days = models.PositiveIntegerField(
        _("keep participant data for (days)"), default=DEFAULT_RETENTION_DAYS
    )
    participants_purged_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:console", args=[self.process.organisation.slug, self.pk])

    @property
    def display_code(self) -> str:
        half = len(self.join_code) // 2
        return f"{self.join_code[:half]}-{self.join_code[half:]}"

    @property
    def participants_purge_on(self) -> datetime.datetime:
        """When participants' data goes: ``retention_days`` after the event was closed
        (or, while it is open, after its planned end or start), so a date can be shown
        from the start."""
        base = self.closed_at or self.ends_at or self.starts_at
        return base + datetime.timedelta(days=self.retention_days)

    def setting(self, key: str) -> object:
        from quartier.formats.registry import get_format

        defaults = get_format(self.format_key).default_settings()
        return self.config.get(key, defaults.get(key))


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="room_name_unique_per_event")
        ]

    def __str__(self) -> str:
        return self.name


class TimeSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    label = models.CharField(_("time slot"), max_length=100)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "label"]
        constraints = [
            models.UniqueConstraint(fields=["event", "label"], name="slot_label_unique_per_event")
        ]

    def __str__(self) -> str:
        return self.label


class Participant(models.Model):
    """Someone in the hall. No account: a display name (or none) and a browser session."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("name shown to others"), max_length=60, blank=True)
    contact = models.ForeignKey(
        "reach.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_participations",
    )
    is_walk_in = models.BooleanField(default=False)
    present = models.BooleanField(default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        indexes = [models.Index(fields=["event", "present"])]

    def __str__(self) -> str:
        return self.display_name or str(_("Anonymous #%(n)s") % {"n": self.pk})

    @property
    def label(self) -> str:
        return str(self)


class LiveEntry(models.Model):
    """One change every screen must see, numbered per event without gaps.

    Screens remember the last ``seq`` they applied and ask for everything after it when
    their connection returns, so a dropped websocket loses nothing.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="live_entries")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["event", "seq"], name="live_seq_unique_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}#{self.seq} {self.kind}"


class Receipt(models.Model):
    """The result of one participant action, keyed by the browser's client token.

    A retry after a network drop carries the same token; the unique constraint makes
    the second attempt find this row instead of acting twice.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="receipts")
    token = models.UUIDField(unique=True)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.action} {self.token}"


class PairRound(models.Model):
    """One round of pair interviews; ``algorithm`` and ``seed`` make it reproducible."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pair_rounds")
    number = models.PositiveIntegerField()
    prompt = models.CharField(_("question"), max_length=300)
    minutes = models.PositiveIntegerField(_("minutes"), default=10)
    started_at = models.DateTimeField()
    seed = models.BigIntegerField()
    algorithm = models.CharField(max_length=80)
    repeats = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="pair_round_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} round {self.number}"


class PairSeat(models.Model):
    """A participant's place in a pair (``table`` numbers the pairs within the round)."""

    round = models.ForeignKey(PairRound, on_delete=models.CASCADE, related_name="seats")
    table = models.PositiveIntegerField()
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        ordering = ["table", "participant_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="one_seat_per_round")
        ]

    def __str__(self) -> str:
        return f"round {self.round_id} pair {self.table}: {self.participant_id}"
