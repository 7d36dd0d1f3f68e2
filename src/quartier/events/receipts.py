"""Idempotent participant actions keyed by the browser's client token.

``run_once`` locks the event, returns the stored result when the token was seen before
(a retry after a network drop), and otherwise performs the action and stores its
result in the same transaction. The unique constraint on the token is the backstop: a
duplicate that slips past the check rolls back and is answered from the first row.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _

from quartier.core.errors import DomainError
from quartier.events.live import event_lock
from quartier.events.models import Event, Participant, Receipt

Result = dict[str, Any]


class TokenInvalid(DomainError):
    code = "client_token_invalid"


def parse_token(raw: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except (TypeError, ValueError):
        raise TokenInvalid(
            _("The form was incomplete. Please reload the page and try again.")
        ) from None


TOKEN_FIELD = Receipt._meta.get_field("token")
REPLAY_SQL = f"SELECT action, participant_id, result FROM {Receipt._meta.db_table} WHERE token = %s"


def _replay(token: uuid.UUID, participant: Participant | None, action: str) -> Result | None:
    """The stored result of ``token``. Every action of the hall asks this once, so it is
    one prepared statement rather than a query the ORM compiles anew each time."""
    with connection.cursor() as cursor:
        cursor.execute(REPLAY_SQL, [TOKEN_FIELD.get_db_prep_value(token, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    stored_action, participant_id, result = row
    if stored_action != action or participant_id != (participant.pk if participant else None):
        raise TokenInvalid(_("The form was incomplete. Please reload the page and try again."))
    if isinstance(result, str | bytes):  # SQLite hands JSON back as text
        result = json.loads(result)
    return {**result, "replayed": True}


def run_once(
    *,
    event_id: int,
    token: object,
    participant: Participant | None,
    action: str,
    perform: Callable[[Event], Result],
) -> Result:
    """Perform ``action`` once per token; a repeated token returns the first result."""
    parsed = parse_token(token)
    try:
        with transaction.atomic():
            event = event_lock(event_id, with_organisation=False)
            previous = _replay(parsed, participant, action)
            if previous is not None:
                return previous
            result = perform(event)
            Receipt.objects.create(
                event=event, token=parsed, participant=participant, action=action, result=result
            )
            return {**result, "replayed": False}
    except IntegrityError:
        previous = _replay(parsed, participant, action)
        if previous is None:
            raise
        return previous
