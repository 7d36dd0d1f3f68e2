"""Protocols and their versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.meetings.models.meeting import Meeting


class ProtocolStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Finalized")


class Protocol(models.Model):
    """The meeting's protocol as Markdown; after finalizing, each correction is a new version."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="protocol")
    body = models.TextField(_("protocol"))
    status = models.CharField(
        max_length=10, choices=ProtocolStatus.choices, default=ProtocolStatus.DRAFT
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    # A draft nobody has corrected yet follows the meeting; once corrected, it stays as written.
    edited = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_final(self) -> bool:
        return self.status == ProtocolStatus.FINAL


class ProtocolVersion(models.Model):
    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "number"], name="one_protocol_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.protocol} v{self.number}"
