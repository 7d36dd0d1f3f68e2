"""Card vectors for the wall's suggestions, and opinion maps (statements and votes)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CardVector(models.Model):
    """A wall card embedded once when posted (and again when its words change).

    Kept here, keyed by card, so the wall's own tables stay as they are.
    """

    card = models.OneToOneField(
        "wall.Card", on_delete=models.CASCADE, primary_key=True, related_name="topic_vector"
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=80)
    source = models.CharField(max_length=16)  # hash of title and text the vector was made from
    direction = models.SmallIntegerField(default=1)
    vector = models.BinaryField()  # float16 row, layout given by the embedder
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["event", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.model} vector of card {self.card_id}"


class WallVersion(models.Model):
    """Changes whenever a card of the event is posted, edited, hidden, merged or embedded.

    Each web process keeps the wall's vectors in memory; one primary-key read of this row
    tells it whether they are still current, so a suggestion query never reloads the
    wall. The first number is random, so a reused event id never matches an old cache.
    """

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    number = models.BigIntegerField()

    def __str__(self) -> str:
        return f"wall of event {self.event_id} at version {self.number}"


class ConversationStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Conversation(models.Model):
    """An opinion map: short statements that participants agree or disagree with."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="conversations"
    )
    question = models.CharField(_("question"), max_length=200)
    allow_statements = models.BooleanField(_("participants may add statements"), default=True)
    status = models.CharField(
        max_length=10, choices=ConversationStatus.choices, default=ConversationStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.question


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Statement(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    text = models.CharField(_("statement"), max_length=200)
    author = models.ForeignKey(
        "events.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=StatementStatus.choices, default=StatementStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class OpinionChoice(models.IntegerChoices):
    AGREE = 1, _("agree")
    PASS = 0, _("pass")
    DISAGREE = -1, _("disagree")


class Opinion(models.Model):
    """One participant's answer to one statement (changing it replaces the answer)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="opinions")
    participant = models.ForeignKey(
        "events.Participant", on_delete=models.CASCADE, related_name="opinions"
    )
    value = models.SmallIntegerField(choices=OpinionChoice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="one_opinion_per_statement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.value} on {self.statement_id}"
