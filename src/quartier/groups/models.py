from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Group(models.Model):
    """A standing, self-organised group of a process (e.g. a topic group that carried on)."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="groups"
    )
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderated_groups",
        verbose_name=_("moderator"),
    )
    is_open = models.BooleanField(_("open for new members"), default=True)
    source_type = models.CharField(
        max_length=80, blank=True
    )  # what it grew out of, e.g. a topic group
    source_id = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(_("public page since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.process.organisation.slug, self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class GroupRole(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")


class GroupMember(models.Model):
    """A member is a contact (no account needed) and/or a user."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    contact = models.ForeignKey(
        "reach.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact__isnull=False) | models.Q(user__isnull=False),
                name="group_member_is_someone",
            ),
            models.UniqueConstraint(fields=["group", "contact"], name="one_membership_per_contact"),
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group_user"),
        ]

    def __str__(self) -> str:
        return f"{self.contact or self.user} in {self.group}"


class JoinRequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class JoinRequest(models.Model):
    """Someone asks to join a standing group; the moderator answers and gets in touch."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    name = models.CharField(_("name"), max_length=100)
    contact_details = models.CharField(_("e-mail or phone"), max_length=200)
    message = models.CharField(_("message"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} → {self.group}"


class LogKind(models.TextChoices):
    NOTE = "note", _("Note")
    JOINED = "joined", _("Joined")
    LEFT = "left", _("Left")
    MEETING = "meeting", _("Meeting")
    TASK = "task", _("Task done")
    MESSAGE = "message", _("Message sent")
    OPEN_END = "open_end", _("Open end taken up")


class GroupLogEntry(models.Model):
    """A short log of what the group did; joins and departures are logged too, so that
    the report can show members over time."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="log")
    kind = models.CharField(max_length=20, choices=LogKind.choices, default=LogKind.NOTE)
    text = models.CharField(_("what happened"), max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    happened_on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "kind", "happened_on"])]

    def __str__(self) -> str:
        return self.text


class GroupMessage(models.Model):
    """An e-mail to all members; the text is kept so the moderator can see what went out."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)
    without_email = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.subject


class StayInTouch(models.Model):
    """A phone participant left a name and a way to be reached, with consent, at the end of
    an event or on joining a topic group. The exact consent text is kept as proof."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "events.Participant", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    contact = models.ForeignKey(
        "reach.Contact", on_delete=models.CASCADE, related_name="stay_in_touch"
    )
    topics = models.JSONField(default=list)  # keys from groups.stay_in_touch.TOPICS
    topic_groups = models.JSONField(default=list)  # ids of the topic groups they carry on with
    consent_text = models.TextField()
    consent_at = models.DateTimeField()

    class Meta:
        ordering = ["-consent_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "contact"], name="one_stay_in_touch_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} after {self.event_id}"


class MeetingReminder(models.Model):
    """A reminder e-mail for a group's meeting went out (at most one per meeting)."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="group_reminder"
    )
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"reminder for {self.meeting_id}"
