"""Writes for the topic wall. Every participant action takes a client token and is
idempotent (``quartier.events.receipts.run_once``); every visible change is appended to
the event's live log."""

from quartier.wall.services.cards import (
    card_edit,
    card_hide,
    card_merge,
    card_pin,
    card_post,
    card_split,
    card_support,
    card_unhide,
    wall_prepare,
)
from quartier.wall.services.open_ends import (
    open_end_drop,
    open_end_edit,
    open_end_interest,
    open_end_merge,
    open_end_publish,
    open_end_restore,
    open_end_revive,
    open_end_take_up,
    open_ends_collect,
)
from quartier.wall.services.topic_groups import (
    group_wishes_set,
    topic_group_create,
    topic_group_idea,
    topic_group_join,
    topic_group_leave,
    topic_group_make_standing,
    topic_groups_assign,
)
from quartier.wall.services.voting import vote_cast, vote_withdraw, voting_close, voting_open

__all__ = [
    "card_edit",
    "card_hide",
    "card_merge",
    "card_pin",
    "card_post",
    "card_split",
    "card_support",
    "card_unhide",
    "group_wishes_set",
    "open_end_drop",
    "open_end_edit",
    "open_end_interest",
    "open_end_merge",
    "open_end_publish",
    "open_end_restore",
    "open_end_revive",
    "open_end_take_up",
    "open_ends_collect",
    "topic_group_create",
    "topic_group_idea",
    "topic_group_join",
    "topic_group_leave",
    "topic_group_make_standing",
    "topic_groups_assign",
    "vote_cast",
    "vote_withdraw",
    "voting_close",
    "voting_open",
    "wall_prepare",
]
