from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.organisations.models import Organisation


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (Art. 6 (1) a GDPR)")
    CONTRACT = "contract", _("Membership or agreement (Art. 6 (1) b GDPR)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (Art. 6 (1) f GDPR)")


class Contact(models.Model):
    """A person an organisation is in touch with. Most have no user account.

    Personal fields are blank after erasure (``erased_at`` set); the row itself stays
    so that counts built from ``Participation`` remain correct.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    full_name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. de, tr, ar")
    )
    neighbourhood = models.CharField(_("neighbourhood"), max_length=200, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    retention_until = models.DateField(_("review or delete by"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["organisation", "full_name"])]

    def __str__(self) -> str:
        return self.full_name if not self.erased_at else str(_("(erased)"))

    def get_absolute_url(self) -> str:
        return reverse("reach:contact_detail", args=[self.organisation.slug, self.pk])

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def address(self) -> str:
        """One line for display: "Hauptstraße 5, 12345 Berlin" (empty parts left out)."""
        street = " ".join(part for part in (self.street, self.house_number) if part)
        town = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (street, town) if part)


class ParticipationKind(models.TextChoices):
    EVENT = "event", _("Event")
    MEETING = "meeting", _("Meeting")
    ONE_TO_ONE = "one_to_one", _("One-to-one")
    TRAINING = "training", _("Training")
    INTERVIEW = "interview", _("Interview")
    GROUP = "group", _("Group")


class ParticipationRole(models.TextChoices):
    ATTENDEE = "attendee", _("took part")
    MODERATOR = "moderator", _("moderated")
    ORGANIZER = "organizer", _("organized")
    HOST = "host", _("hosted")
    LEAD = "lead", _("led")
    INTERVIEWEE = "interviewee", _("was interviewed")


class Participation(models.Model):
    """A ledger of who took part in what, written by the apps that run those things.

    Events, meetings, one-to-ones and groups each record a row here through
    ``participation_record``; coverage and leadership paths read only this table,
    so reach does not depend on those apps.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="participations"
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="participations")
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    kind = models.CharField(max_length=20, choices=ParticipationKind.choices)
    role = models.CharField(
        max_length=20, choices=ParticipationRole.choices, default=ParticipationRole.ATTENDEE
    )
    occurred_at = models.DateTimeField(db_index=True)
    source_type = models.CharField(max_length=80)
    source_id = models.CharField(max_length=64)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "source_type", "source_id", "role"],
                name="one_participation_per_source_and_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact} {self.role} {self.label}"
