"""Card vectors for the wall's suggestions, and opinion maps (statements and votes)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
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


class Participation(models.TextChoices):
    """Who answers an opinion map of an online process (an event's map: its participants)."""

    LINK = "link", _("anyone with the link (one voice per browser)")
    ACCOUNT = "account", _("signed-in people only (one voice per account)")


def _new_token() -> str:
    return secrets.token_urlsafe(12)


class Conversation(models.Model):
    """An opinion map: short statements that participants agree or disagree with.

    Belongs to an event (answered on the participants' phones in the room) or to a
    process (answered online, through an unguessable link).
    """

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="conversations",
        null=True,
        blank=True,
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="conversations",
        null=True,
        blank=True,
    )
    participation = models.CharField(
        _("who may answer"),
        max_length=10,
        choices=Participation.choices,
        default=Participation.LINK,
    )
    token = models.CharField(max_length=32, unique=True, default=_new_token)
    pushed_at = models.DateTimeField(null=True, blank=True)  # last live entry for the projector
    question = models.CharField(_("question"), max_length=200)
    allow_statements = models.BooleanField(_("participants may add statements"), default=True)
    status = models.CharField(
        max_length=10, choices=ConversationStatus.choices, default=ConversationStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__isnull=True, process__isnull=False)
                | models.Q(event__isnull=False, process__isnull=True),
                name="conversation_of_event_or_process",
            )
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def organisation(self) -> Any:
        return (self.event.process if self.event_id else self.process).organisation  # type: ignore[union-attr]


class Respondent(models.Model):
    """Someone answering an online opinion map: a signed-in user, or one browser."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="respondents"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_respondent_per_user")
        ]

    def __str__(self) -> str:
        return f"respondent {self.pk} of {self.conversation_id}"


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
    author_respondent = models.ForeignKey(
        Respondent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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
        "events.Participant",
        on_delete=models.CASCADE,
        related_name="opinions",
        null=True,
        blank=True,
    )
    respondent = models.ForeignKey(
        Respondent, on_delete=models.CASCADE, related_name="opinions", null=True, blank=True
    )
    value = models.SmallIntegerField(choices=OpinionChoice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="one_opinion_per_statement"
            ),
            models.UniqueConstraint(
                fields=["statement", "respondent"], name="one_opinion_per_respondent"
            ),
            models.CheckConstraint(
                condition=models.Q(participant__isnull=True, respondent__isnull=False)
                | models.Q(participant__isnull=False, respondent__isnull=True),
                name="opinion_of_participant_or_respondent",
            ),
        ]

    def __str__(self) -> str:
        voter = self.participant_id or f"r{self.respondent_id}"
        return f"{voter}: {self.value} on {self.statement_id}"
