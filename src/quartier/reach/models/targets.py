from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.organisations.models import Organisation
from quartier.reach.models.people import Contact


class Reachability(models.TextChoices):
    """Three levels, highest first, as in the Bergkamen matrix (seed 002)."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class TargetGroup(models.Model):
    """One part of "all" (seed 002): who we want to reach, how easily, and through whom."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="target_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reachability = models.CharField(_("reachability"), max_length=10, choices=Reachability.choices)
    is_focus = models.BooleanField(_("focus group"), default=False)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    channels = models.TextField(
        _("outreach channels"), blank=True, help_text=_("How we reach them, one channel per line.")
    )
    members = models.ManyToManyField(
        Contact, blank=True, related_name="target_groups", verbose_name=_("people")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="target_group_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def channel_list(self) -> list[str]:
        return [line.strip() for line in self.channels.splitlines() if line.strip()]
