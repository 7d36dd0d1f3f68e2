"""Writes of opinion maps: conversations, statements (moderated) and agree/disagree votes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.events.models import Event, Participant
from quartier.topics.errors import OpinionError
from quartier.topics.models import (
    Conversation,
    ConversationStatus,
    Opinion,
    Statement,
    StatementStatus,
)

STATEMENT_MAX = 200


def _clean(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise OpinionError(_("Please write a statement."), code="statement_missing")
    if len(text) > STATEMENT_MAX:
        raise OpinionError(
            _("Please keep the statement under %(max)s characters."),
            code="statement_too_long",
            max=STATEMENT_MAX,
        )
    return text


@transaction.atomic
def conversation_create(
    *,
    event: Event,
    actor: Any,
    question: str,
    statements: Sequence[str] = (),
    allow_statements: bool = True,
) -> Conversation:
    question = " ".join(question.split())
    if not question:
        raise OpinionError(_("Please write the question."), code="question_missing")
    conversation = Conversation.objects.create(
        event=event, question=question[:200], allow_statements=allow_statements
    )
    for text in dict.fromkeys(_clean(s) for s in statements if s.strip()):
        Statement.objects.create(
            conversation=conversation, text=text, status=StatementStatus.ACCEPTED
        )
    audit_record(
        action="topics.conversation_create",
        actor=actor,
        organisation=event.process.organisation,
        target=conversation,
    )
    return conversation


@transaction.atomic
def conversation_set_open(*, conversation: Conversation, actor: Any, open_: bool) -> Conversation:
    conversation.status = ConversationStatus.OPEN if open_ else ConversationStatus.CLOSED
    conversation.save(update_fields=["status"])
    audit_record(
        action="topics.conversation_open" if open_ else "topics.conversation_close",
        actor=actor,
        organisation=conversation.event.process.organisation,
        target=conversation,
    )
    return conversation


@transaction.atomic
def statement_add(
    *,
    conversation: Conversation,
    text: str,
    participant: Participant | None = None,
    actor: Any = None,
) -> Statement:
    """A participant's statement waits for moderation; a moderator's is accepted at once."""
    clean = _clean(text)
    if participant is not None:
        if conversation.status != ConversationStatus.OPEN:
            raise OpinionError(_("This opinion map is closed."), code="conversation_closed")
        if not conversation.allow_statements:
            raise OpinionError(
                _("Statements are not open for participants here."), code="statements_closed"
            )
    if conversation.statements.filter(text__iexact=clean).exists():
        raise OpinionError(_("This statement is already there."), code="statement_duplicate")
    statement = Statement.objects.create(
        conversation=conversation,
        text=clean,
        author=participant,
        status=StatementStatus.PENDING if participant is not None else StatementStatus.ACCEPTED,
    )
    if actor is not None:
        audit_record(
            action="topics.statement_add",
            actor=actor,
            organisation=conversation.event.process.organisation,
            target=statement,
        )
    return statement


@transaction.atomic
def statement_moderate(*, statement: Statement, actor: Any, accept: bool) -> Statement:
    statement.status = StatementStatus.ACCEPTED if accept else StatementStatus.REJECTED
    statement.save(update_fields=["status"])
    audit_record(
        action="topics.statement_accept" if accept else "topics.statement_reject",
        actor=actor,
        organisation=statement.conversation.event.process.organisation,
        target=statement,
    )
    return statement


@transaction.atomic
def opinion_cast(*, statement: Statement, participant: Participant, value: int) -> Opinion:
    """Agree (1), pass (0) or disagree (-1); answering again replaces the answer."""
    if value not in (-1, 0, 1):
        raise OpinionError(_("Please choose agree, disagree or pass."), code="opinion_value")
    if statement.conversation.status != ConversationStatus.OPEN:
        raise OpinionError(_("This opinion map is closed."), code="conversation_closed")
    if statement.status != StatementStatus.ACCEPTED:
        raise OpinionError(_("This statement is not open for votes."), code="statement_closed")
    opinion, _created = Opinion.objects.update_or_create(
        statement=statement, participant=participant, defaults={"value": value}
    )
    return opinion
