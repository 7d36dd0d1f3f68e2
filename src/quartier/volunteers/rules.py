"""Volunteer-board permissions. The process team sees the board; organizers and key
persons on the team manage it (needs, responses, matches, offers). Moderators of a
group of the process post and manage needs for their own group."""

from __future__ import annotations

from typing import Any

import rules

from quartier.processes.rules import (
    is_on_process_team,
    is_process_moderator,
    is_process_organizer,
)


@rules.predicate
def moderates_a_group_of(user: Any, process: Any) -> bool:
    from quartier.meetings.rules import moderated_groups

    return process is not None and moderated_groups(user, process).exists()


# Objects: the process.
rules.add_perm(
    "volunteers.view_board", is_process_organizer | is_on_process_team | moderates_a_group_of
)
rules.add_perm("volunteers.manage_board", is_process_organizer | is_process_moderator)
rules.add_perm(
    "volunteers.post_need", is_process_organizer | is_process_moderator | moderates_a_group_of
)
