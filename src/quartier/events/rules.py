"""Event permissions as predicates.

- organizers (and admins) of the process's organisation: everything;
- the event's moderation team (members of the organisation): run the event: phases,
  wall moderation, groups, walk-ins, projector and exports;
- the rest of the process team: see the event and its projector;
- anyone else: nothing (the selectors answer 404, so other organisations' events stay
  invisible). Participants have no account: they act through a join session, checked by
  ``selectors.participant_for_session``.
"""

from __future__ import annotations

from typing import Any

import rules

from quartier.events.models import Event
from quartier.organisations.rules import is_org_member
from quartier.processes.rules import is_on_process_team, is_process_organizer


@rules.predicate
def is_event_organizer(user: Any, event: Event | None) -> bool:
    return bool(event is not None and is_process_organizer(user, event.process))


@rules.predicate
def is_event_moderator(user: Any, event: Event | None) -> bool:
    if event is None or not getattr(user, "is_authenticated", False):
        return False
    return event.moderators.filter(pk=user.pk).exists() and bool(
        is_org_member(user, event.process.organisation)
    )


@rules.predicate
def is_event_process_team(user: Any, event: Event | None) -> bool:
    return bool(event is not None and is_on_process_team(user, event.process))


rules.add_perm("events.add_event", is_process_organizer)  # object: the process
rules.add_perm("events.view_event", is_event_organizer | is_event_moderator | is_event_process_team)
rules.add_perm("events.change_event", is_event_organizer)
rules.add_perm("events.moderate_event", is_event_organizer | is_event_moderator)
rules.add_perm("events.export_event", is_event_organizer | is_event_moderator)
