"""The topic wall: categories, cards, supporters, votes, topic groups and open ends."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="categories")
    label = models.CharField(_("category"), max_length=80)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "label"], name="category_label_unique_per_event"
            )
        ]

    def __str__(self) -> str:
        return self.label


class CardStatus(models.TextChoices):
    VISIBLE = "visible", _("visible")
    HIDDEN = "hidden", _("hidden")
    MERGED = "merged", pgettext_lazy("card status", "merged")


class Card(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="cards")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="cards")
    title = models.CharField(_("topic"), max_length=120)
    text = models.TextField(_("details"), blank=True, max_length=1000)
    author = models.ForeignKey(
        "events.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    status = models.CharField(max_length=10, choices=CardStatus.choices, default=CardStatus.VISIBLE)
    hidden_reason = models.CharField(_("reason"), max_length=200, blank=True)
    pinned = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_cards"
    )
    split_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="split_cards"
    )
    open_end = models.ForeignKey(
        "OpenEnd", on_delete=models.SET_NULL, null=True, blank=True, related_name="revived_cards"
    )  # brought back from an earlier event's open ends
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pinned", "created_at", "pk"]
        indexes = [models.Index(fields=["event", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="merged_card_has_target",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Supporter(models.Model):
    """ "I have this too": a participant joins an existing card instead of duplicating it."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="supporters")
    participant = models.ForeignKey(
        "events.Participant", on_delete=models.CASCADE, related_name="supports"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["card", "participant"], name="one_support_per_card")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} supports {self.card_id}"


class VoteMethod(models.TextChoices):
    DOTS = "dots", _("Dot voting")
    APPROVAL = "approval", _("Approval voting")


class Voting(models.Model):
    """The vote of an event. Closing it stores the result, which never changes after."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="voting")
    method = models.CharField(
        _("method"), max_length=10, choices=VoteMethod.choices, default=VoteMethod.DOTS
    )
    dots = models.PositiveIntegerField(_("dots per participant"), default=5)
    max_per_card = models.PositiveIntegerField(_("dots per card at most"), default=1)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=list, blank=True)  # frozen [{card, title, votes}] at closing

    def __str__(self) -> str:
        return f"voting of event {self.event_id}"

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


class Vote(models.Model):
    """One dot (or one approval). ``dot`` numbers a participant's dots 1..N: the unique
    constraint on (voting, participant, dot) means concurrent requests can never place
    more than N dots, whatever the timing."""

    voting = models.ForeignKey(Voting, on_delete=models.CASCADE, related_name="votes")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        "events.Participant", on_delete=models.CASCADE, related_name="votes"
    )
    dot = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["voting", "participant", "dot"], name="one_vote_per_dot"
            ),
            models.CheckConstraint(condition=models.Q(dot__gte=1), name="vote_dot_positive"),
        ]

    def __str__(self) -> str:
        return f"dot {self.dot} of {self.participant_id} on {self.card_id}"


class TopicGroup(models.Model):
    """A group that works on a topic during the event; it may become a project idea and
    later a standing group of the process."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="topic_groups")
    card = models.ForeignKey(
        Card, on_delete=models.SET_NULL, null=True, blank=True, related_name="topic_groups"
    )
    title = models.CharField(_("title"), max_length=120)
    host = models.CharField(_("host"), max_length=100, blank=True)
    room = models.ForeignKey(
        "events.Room", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("room")
    )
    slot = models.ForeignKey(
        "events.TimeSlot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("time slot"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    # The project idea card (seed 003): what, who, first step, when.
    idea_what = models.TextField(_("what"), blank=True)
    idea_who = models.TextField(_("who"), blank=True)
    idea_first_step = models.TextField(_("first step"), blank=True)
    idea_when = models.CharField(_("when"), max_length=200, blank=True)
    standing_group = models.ForeignKey(
        "groups.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topic_groups",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot__starts_at", "slot__label", "title"]

    def __str__(self) -> str:
        return self.title


class TopicGroupMember(models.Model):
    topic_group = models.ForeignKey(TopicGroup, on_delete=models.CASCADE, related_name="members")
    participant = models.ForeignKey(
        "events.Participant", on_delete=models.CASCADE, related_name="topic_groups"
    )
    slot_key = models.CharField(max_length=20)  # the slot's id ("" for none): one group per slot
    assigned = models.BooleanField(default=False)  # placed from wishes rather than chosen
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic_group", "participant"], name="one_membership_per_topic_group"
            ),
            models.UniqueConstraint(
                fields=["participant", "slot_key"], name="one_topic_group_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} in {self.topic_group_id}"


class GroupWish(models.Model):
    """A participant's wish for a topic group (rank 1 = first choice), for assignment."""

    topic_group = models.ForeignKey(TopicGroup, on_delete=models.CASCADE, related_name="wishes")
    participant = models.ForeignKey(
        "events.Participant", on_delete=models.CASCADE, related_name="group_wishes"
    )
    rank = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic_group", "participant"], name="one_wish_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} wishes {self.topic_group_id}"


class OpenEndStatus(models.TextChoices):
    PENDING = "pending", _("to review")
    OPEN = "open", _("open")
    REVIVED = "revived", _("back on a wall")
    TAKEN_UP = "taken_up", _("taken up by a group")
    MERGED = "merged", pgettext_lazy("open end status", "merged")
    DROPPED = "dropped", _("dropped")
    CLOSED = "closed", _("closed")


class OpenEnd(models.Model):
    """A topic that found no group, kept in the process's register so others can pick it up.

    Collected open ends start as ``pending``: nothing is public until a moderator has
    reviewed the entry (edited, merged or dropped it) and marked it public.
    """

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="open_ends"
    )
    card = models.OneToOneField(
        Card, on_delete=models.SET_NULL, null=True, blank=True, related_name="open_end_entry"
    )
    title = models.CharField(_("topic"), max_length=120)
    text = models.TextField(_("details"), blank=True)
    category = models.CharField(_("category"), max_length=80, blank=True)
    votes = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=OpenEndStatus.choices, default=OpenEndStatus.PENDING
    )
    is_public = models.BooleanField(_("shown on the public page"), default=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_entries"
    )
    taken_up_by = models.ForeignKey(
        "groups.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="open_ends_taken_up",
    )
    taken_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-votes", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_public=True) | models.Q(reviewed_at__isnull=False),
                name="public_open_end_is_reviewed",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Interest(models.Model):
    """ "I'm interested": minimal contact details, only with explicit consent."""

    open_end = models.ForeignKey(OpenEnd, on_delete=models.CASCADE, related_name="interests")
    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(_("e-mail or phone"), max_length=200)
    message = models.CharField(_("message"), max_length=500, blank=True)
    consent_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} interested in {self.open_end_id}"
