from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.organisations.models import Organisation
from quartier.reach.models.people import Contact


class PlaceKind(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    PARISH = "parish", _("Parish")
    MOSQUE = "mosque", _("Mosque community")
    CLUB = "club", _("Club")
    WORKPLACE = "workplace", _("Workplace")
    SCHOOL = "school", _("School")
    INITIATIVE = "initiative", _("Initiative")
    OTHER = "other", _("Other")


class Place(models.Model):
    """A place or organisation where people already gather (seed 000): organizers go there."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=PlaceKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_person = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="places_contact_for",
        verbose_name=_("contact person"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="place_name_unique_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reach:place_detail", args=[self.organisation.slug, self.pk])


class PlaceMembership(models.Model):
    """A person belongs to a place (member of the parish, plays in the club, works there)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="memberships")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="place_memberships")
    role = models.CharField(
        _("role"), max_length=100, blank=True, help_text=_("e.g. member, board, coach")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "contact"], name="one_place_membership_per_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact} @ {self.place}"


class KeyPerson(models.Model):
    """A person marked as key person (Schlüsselperson) for exactly one place or group.

    The mark is typed by hand; the leadership path next to it is always derived from records.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="key_persons"
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="key_roles")
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, null=True, blank=True, related_name="key_persons"
    )
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="key_persons"
    )
    since = models.DateField(_("since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contact__full_name"]
        verbose_name = _("key person")
        verbose_name_plural = _("key persons")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(place__isnull=False, group__isnull=True)
                    | models.Q(place__isnull=True, group__isnull=False)
                ),
                name="key_person_for_place_xor_group",
            ),
            models.UniqueConstraint(fields=["contact", "place"], name="one_key_mark_per_place"),
            models.UniqueConstraint(fields=["contact", "group"], name="one_key_mark_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.place or self.group})"

    @property
    def scope(self) -> object:
        return self.place or self.group
