"""Meeting models, one module per concept; imported here so Django finds them."""

from quartier.meetings.models.consultation import (
    Case,
    CaseNote,
    CaseRole,
    CaseRoleKind,
    CaseVote,
    ConsultationGroup,
)
from quartier.meetings.models.meeting import (
    AgendaItem,
    Concern,
    Decision,
    Invitee,
    InviteeRole,
    Meeting,
    MeetingPhase,
    MeetingStatus,
    Topic,
)
from quartier.meetings.models.protocol import Protocol, ProtocolStatus, ProtocolVersion

__all__ = [
    "AgendaItem",
    "Case",
    "CaseNote",
    "CaseRole",
    "CaseRoleKind",
    "CaseVote",
    "Concern",
    "ConsultationGroup",
    "Decision",
    "Invitee",
    "InviteeRole",
    "Meeting",
    "MeetingPhase",
    "MeetingStatus",
    "Protocol",
    "ProtocolStatus",
    "ProtocolVersion",
    "Topic",
]
