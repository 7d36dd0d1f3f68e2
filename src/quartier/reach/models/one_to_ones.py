from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.organisations.models import Organisation
from quartier.reach.models.people import Contact


class Readiness(models.IntegerChoices):
    """How ready a person is to act, as in the protocols of seed 000."""

    NONE = 1, _("1 – not ready yet")
    LISTENING = 2, _("2 – interested, wants to hear more")
    JOINING = 3, _("3 – would join in")
    CONTRIBUTING = 4, _("4 – would take on a task")
    LEADING = 5, _("5 – would lead or organize")


class OneToOne(models.Model):
    """A relational one-to-one meeting (Beziehungsgespräch) with one person."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="one_to_ones"
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="one_to_ones")
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="held_one_to_ones",
        verbose_name=_("held by"),
    )
    held_on = models.DateField(_("date"))
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="one_to_ones",
        verbose_name=_("process"),
    )
    interests = models.TextField(_("interests"), blank=True)
    concerns = models.TextField(_("concerns"), blank=True)
    motivation = models.TextField(_("what moves this person"), blank=True)
    readiness = models.PositiveSmallIntegerField(_("readiness to act"), choices=Readiness.choices)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("one-to-one")
        verbose_name_plural = _("one-to-ones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(readiness__gte=1, readiness__lte=5), name="readiness_1_to_5"
            )
        ]

    def __str__(self) -> str:
        # No name here: this label is copied into tasks and the ledger.
        return str(_("One-to-one on %(date)s")) % {"date": self.held_on.strftime("%d.%m.%Y")}
