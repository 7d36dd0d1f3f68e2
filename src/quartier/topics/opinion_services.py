"""Writes of opinion maps: conversations, statements (moderated) and agree/disagree votes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.events.live import live_append
from quartier.events.models import Event, Participant
from quartier.processes.models import Process
from quartier.topics.errors import OpinionError
from quartier.topics.models import (
    Conversation,
    ConversationStatus,
    Opinion,
    Participation,
    Respondent,
    Statement,
    StatementStatus,
)

STATEMENT_MAX = 200
PUSH_EVERY = timedelta(seconds=2)  # votes reach the projector at most this often


def _push(conversation: Conversation, *, force: bool = False) -> None:
    """Tell the event's screens (over its live channel) that the map changed.

    Votes come in fast and every phone in the room receives the event's entries, so a
    vote pushes at most once per ``PUSH_EVERY``; moderation always pushes. The
    projector re-reads its map on the entry, and polls slowly in case one is missed.
    """
    if conversation.event_id is None:
        return
    now = timezone.now()
    if not force:
        recent = Conversation.objects.filter(
            pk=conversation.pk, pushed_at__gt=now - PUSH_EVERY
        ).exists()
        if recent:
            return
    Conversation.objects.filter(pk=conversation.pk).update(pushed_at=now)
    live_append(
        event_id=conversation.event_id, kind="opinion", data={"conversation": conversation.pk}
    )


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
    event: Event | None = None,
    process: Process | None = None,
    actor: Any,
    question: str,
    statements: Sequence[str] = (),
    allow_statements: bool = True,
    participation: str = Participation.LINK,
) -> Conversation:
    """An opinion map for an event's room, or (``process``) for online participation."""
    if (event is None) == (process is None):
        raise ValueError("an opinion map belongs to an event or to a process")
    question = " ".join(question.split())
    if not question:
        raise OpinionError(_("Please write the question."), code="question_missing")
    if participation not in Participation.values:
        raise OpinionError(
            _("Please choose who may answer."), code="participation_unknown", value=participation
        )
    conversation = Conversation.objects.create(
        event=event,
        process=process,
        question=question[:200],
        allow_statements=allow_statements,
        participation=participation,
    )
    for text in dict.fromkeys(_clean(s) for s in statements if s.strip()):
        Statement.objects.create(
            conversation=conversation, text=text, status=StatementStatus.ACCEPTED
        )
    audit_record(
        action="topics.conversation_create",
        actor=actor,
        organisation=conversation.organisation,
        target=conversation,
    )
    return conversation


@transaction.atomic
def conversation_set_open(*, conversation: Conversation, actor: Any, open_: bool) -> Conversation:
    conversation.status = ConversationStatus.OPEN if open_ else ConversationStatus.CLOSED
    conversation.save(update_fields=["status"])
    _push(conversation, force=True)
    audit_record(
        action="topics.conversation_open" if open_ else "topics.conversation_close",
        actor=actor,
        organisation=conversation.organisation,
        target=conversation,
    )
    return conversation


@transaction.atomic
def statement_add(
    *,
    conversation: Conversation,
    text: str,
    participant: Participant | None = None,
    respondent: Respondent | None = None,
    actor: Any = None,
) -> Statement:
    """A participant's statement waits for moderation; a moderator's is accepted at once."""
    clean = _clean(text)
    from_participant = participant is not None or respondent is not None
    if from_participant:
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
        author_respondent=respondent,
        status=StatementStatus.PENDING if from_participant else StatementStatus.ACCEPTED,
    )
    if actor is not None:
        _push(conversation, force=True)
        audit_record(
            action="topics.statement_add",
            actor=actor,
            organisation=conversation.organisation,
            target=statement,
        )
    return statement


@transaction.atomic
def statement_moderate(*, statement: Statement, actor: Any, accept: bool) -> Statement:
    statement.status = StatementStatus.ACCEPTED if accept else StatementStatus.REJECTED
    statement.save(update_fields=["status"])
    _push(statement.conversation, force=True)
    audit_record(
        action="topics.statement_accept" if accept else "topics.statement_reject",
        actor=actor,
        organisation=statement.conversation.organisation,
        target=statement,
    )
    return statement


@transaction.atomic
def opinion_cast(
    *,
    statement: Statement,
    value: int,
    participant: Participant | None = None,
    respondent: Respondent | None = None,
) -> Opinion:
    """Agree (1), pass (0) or disagree (-1); answering again replaces the answer.

    In an event's room the voice is a ``participant``, online a ``respondent``."""
    if (participant is None) == (respondent is None):
        raise ValueError("an opinion comes from a participant or from a respondent")
    if value not in (-1, 0, 1):
        raise OpinionError(_("Please choose agree, disagree or pass."), code="opinion_value")
    if statement.conversation.status != ConversationStatus.OPEN:
        raise OpinionError(_("This opinion map is closed."), code="conversation_closed")
    if statement.status != StatementStatus.ACCEPTED:
        raise OpinionError(_("This statement is not open for votes."), code="statement_closed")
    if respondent is not None and respondent.conversation_id != statement.conversation_id:
        raise OpinionError(_("This statement is not open for votes."), code="statement_closed")
    opinion, _created = Opinion.objects.update_or_create(
        statement=statement,
        participant=participant,
        respondent=respondent,
        defaults={"value": value},
    )
    _push(statement.conversation)
    return opinion


def respondent_for(*, conversation: Conversation, user: Any = None) -> Respondent:
    """The online voice answering: a signed-in user's one voice, or a new one per browser
    (the view keeps its id in the browser's session)."""
    if conversation.process_id is None:
        raise OpinionError(
            _("This opinion map is answered in the event's room."), code="not_online"
        )
    if conversation.status != ConversationStatus.OPEN:
        raise OpinionError(_("This opinion map is closed."), code="conversation_closed")
    if user is not None and user.is_authenticated:
        respondent, _created = Respondent.objects.get_or_create(
            conversation=conversation, user=user
        )
        return respondent
    if conversation.participation == Participation.ACCOUNT:
        raise OpinionError(_("Please sign in to answer."), code="sign_in_needed")
    return Respondent.objects.create(conversation=conversation)
