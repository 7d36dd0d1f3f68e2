"""Writes for standing groups, their members and work, and staying in touch after events."""

from quartier.groups.services.groups import (
    GroupError,
    group_create,
    group_publish,
    group_update,
    join_request_create,
    join_request_decide,
)
from quartier.groups.services.members import member_add, member_remove, member_set_role
from quartier.groups.services.reminders import meeting_reminder_send
from quartier.groups.services.stay_in_touch import carry_on_contacts, stay_in_touch_record
from quartier.groups.services.work import (
    group_log_note,
    group_meeting_plan,
    group_message_send,
    group_task_add,
    group_task_done,
)

__all__ = [
    "GroupError",
    "carry_on_contacts",
    "group_create",
    "group_log_note",
    "group_meeting_plan",
    "group_message_send",
    "group_publish",
    "group_task_add",
    "group_task_done",
    "group_update",
    "join_request_create",
    "join_request_decide",
    "meeting_reminder_send",
    "member_add",
    "member_remove",
    "member_set_role",
    "stay_in_touch_record",
]
