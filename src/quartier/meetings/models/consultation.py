"""Collegial consultation: groups, cases, roles, notes and votes.

Case titles, texts and notes are confidential; only ``selectors.cases`` reads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.meetings.models.meeting import Invitee, Meeting


class ConsultationGroup(models.Model):
    """A small group of a collegial consultation (one group = working in the plenum)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="consultation_groups"
    )
    number = models.PositiveIntegerField()
    members = models.ManyToManyField(Invitee, related_name="consultation_groups")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_group_number")
        ]

    def __str__(self) -> str:
        return str(_("Group %(number)s") % {"number": self.number})


class Case(models.Model):
    """A confidential case. Its title, text and notes must only be read through
    ``selectors.cases``; ``__str__`` deliberately names no content (audit labels use it)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    case_giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_cases"
    )
    title = models.CharField(_("short title"), max_length=200)
    text = models.TextField(_("the case"))
    group = models.ForeignKey(
        ConsultationGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    selected = models.BooleanField(default=False)
    keep_private = models.BooleanField(
        _("keep this case privately after the meeting"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class CaseRoleKind(models.TextChoices):
    CASE_GIVER = "case_giver", _("Case giver")
    MODERATOR = "moderator", _("Moderator")
    CONSULTANT = "consultant", _("Consultant")
    SECRETARY = "secretary", _("Secretary")


class CaseRole(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="roles")
    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="case_roles")
    role = models.CharField(max_length=20, choices=CaseRoleKind.choices)

    class Meta:
        ordering = ["role", "invitee__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "invitee"], name="one_role_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.role} #{self.case_id}"


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    phase_key = models.CharField(max_length=60, blank=True)
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class CaseVote(models.Model):
    """Dot votes (points = dots) or a ranking turned into Borda points."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "voter"], name="one_vote_row_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.points} → #{self.case_id}"
