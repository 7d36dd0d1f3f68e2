"""Readable labels for audit-log actions ("contact.viewed" → "Person: angesehen").

An action is ``<thing>.<what happened>``; both halves have a translated label, so new
actions mostly read well without a new entry. Unknown halves show the code itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

THINGS = {
    "contact": _("Person"),
    "contacts": _("People"),
    "consultation": _("Collegial consultation"),
    "event": _("Event"),
    "groups": _("Group"),
    "interview": _("Interview"),
    "interview_campaign": _("Interview campaign"),
    "invitation": _("Invitation"),
    "login": _("Login"),
    "meeting": _("Meeting"),
    "membership": _("Membership"),
    "one_to_one": _("One-to-one"),
    "organisation": _("Organisation"),
    "password": _("Password"),
    "place": _("Place"),
    "places": _("Places"),
    "tasks": _("Tasks"),
    "process": _("Process"),
    "protocol": _("Minutes"),
    "target_group": _("Target group"),
    "task": _("Task"),
    "user": _("User account"),
    "wall": _("Wall"),
}
EVENTS = {
    "accepted": pgettext_lazy("audit", "accepted"),
    "answer_tagged": pgettext_lazy("audit", "answer tagged"),
    "archived": pgettext_lazy("audit", "archived"),
    "attendance_set": pgettext_lazy("audit", "attendance recorded"),
    "cancelled": pgettext_lazy("audit", "cancelled"),
    "card_edit": pgettext_lazy("audit", "card edited"),
    "card_hide": pgettext_lazy("audit", "card hidden"),
    "card_merge": pgettext_lazy("audit", "cards merged"),
    "card_split": pgettext_lazy("audit", "card split"),
    "card_unhide": pgettext_lazy("audit", "card shown again"),
    "corrected": pgettext_lazy("audit", "corrected"),
    "create": pgettext_lazy("audit", "created"),
    "created": pgettext_lazy("audit", "created"),
    "deleted": pgettext_lazy("audit", "deleted"),
    "done": pgettext_lazy("audit", "done"),
    "erased": pgettext_lazy("audit", "erased (GDPR)"),
    "export": pgettext_lazy("audit", "exported"),
    "exported": pgettext_lazy("audit", "exported"),
    "finalized": pgettext_lazy("audit", "finalized"),
    "found": pgettext_lazy("audit", "found in the search"),
    "finished": pgettext_lazy("audit", "finished"),
    "group_create": pgettext_lazy("audit", "topic group created"),
    "groups_assign": pgettext_lazy("audit", "topic groups assigned"),
    "imported": pgettext_lazy("audit", "imported"),
    "invitations_sent": pgettext_lazy("audit", "invitations sent"),
    "invitee_removed": pgettext_lazy("audit", "invitee removed"),
    "invitees_added": pgettext_lazy("audit", "invitees added"),
    "join_request": pgettext_lazy("audit", "asked to join"),
    "key_person_marked": pgettext_lazy("audit", "marked as key person"),
    "key_person_unmarked": pgettext_lazy("audit", "no longer key person"),
    "locked_out": pgettext_lazy("audit", "locked out after failed attempts"),
    "member_added": pgettext_lazy("audit", "member added"),
    "member_removed": pgettext_lazy("audit", "member removed"),
    "members_set": pgettext_lazy("audit", "members changed"),
    "notes_saved": pgettext_lazy("audit", "notes saved"),
    "open": pgettext_lazy("audit", "reopened"),
    "open_end_revive": pgettext_lazy("audit", "open end taken up again"),
    "open_ends": pgettext_lazy("audit", "open ends reviewed"),
    "pairs": pgettext_lazy("audit", "pair round started"),
    "phase": pgettext_lazy("audit", "phase changed"),
    "phase_added": pgettext_lazy("audit", "phase added"),
    "phase_changed": pgettext_lazy("audit", "phase changed"),
    "phase_moved": pgettext_lazy("audit", "phase moved"),
    "phase_removed": pgettext_lazy("audit", "phase removed"),
    "recorded": pgettext_lazy("audit", "recorded"),
    "regenerated": pgettext_lazy("audit", "rebuilt from the meeting"),
    "reply_accepted": pgettext_lazy("audit", "invitation accepted"),
    "reply_declined": pgettext_lazy("audit", "invitation declined"),
    "reset": pgettext_lazy("audit", "reset"),
    "restored": pgettext_lazy("audit", "restored"),
    "retention_reviewed": pgettext_lazy("audit", "retention reviewed"),
    "revoked": pgettext_lazy("audit", "revoked"),
    "role_changed": pgettext_lazy("audit", "role changed"),
    "removed": pgettext_lazy("audit", "removed"),
    "timer_back": pgettext_lazy("audit", "back to the previous phase"),
    "timer_extended": pgettext_lazy("audit", "time extended"),
    "timer_next": pgettext_lazy("audit", "next phase"),
    "timer_paused": pgettext_lazy("audit", "timer paused"),
    "timer_skipped": pgettext_lazy("audit", "phase skipped"),
    "timer_started": pgettext_lazy("audit", "timer started"),
    "updated": pgettext_lazy("audit", "changed"),
    "viewed": pgettext_lazy("audit", "viewed"),
    "vote_close": pgettext_lazy("audit", "vote closed"),
    "vote_open": pgettext_lazy("audit", "vote opened"),
    "walk_in": pgettext_lazy("audit", "walk-in registered"),
}


def action_label(action: str) -> str:
    thing, _dot, event = action.partition(".")
    if thing not in THINGS or event not in EVENTS:
        return action
    return f"{THINGS[thing]}: {EVENTS[event]}"
