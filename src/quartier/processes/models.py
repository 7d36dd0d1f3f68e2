from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.organisations.models import Organisation

if TYPE_CHECKING:
    from quartier.accounts.models import User


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class Process(models.Model):
    """A participation process (Prozess) of an organisation; later capabilities hang off it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="processes"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("neighbourhood or area"), max_length=200, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    team: models.ManyToManyField[User, TeamMembership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="TeamMembership",
        related_name="team_processes",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="process_slug_unique_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="process_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", args=[self.organisation.slug, self.slug])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end must not be before the start.")})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class TeamMembership(models.Model):
    """A user on a process team; moderators see only the processes they are on."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="team_memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "user"], name="one_team_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.process}"


class Publication(models.Model):
    """One public page of a process (open ends, groups, volunteer board, ...) switched on.

    Without a row the page answers 404: internal process titles never leak before the
    organizer decides to publish. Pages are registered in ``processes.publication``.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="publications")
    page = models.CharField(max_length=40)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "page"], name="one_publication_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.page} of {self.process_id}"
