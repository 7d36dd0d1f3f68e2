"""The volunteer board (Ehrenamtsbörse) of a process: what groups and organizers need,
what people offer, responses to needs, and confirmed matches.

Offers carry personal data given with consent on the public page; they expire (the
person's details are erased then) and can be withdrawn at any time with the private
link the person received.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeOfWeek(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_day", _("weekdays, daytime")
    WEEKDAY_EVENING = "weekday_evening", _("weekday evenings")
    WEEKEND = "weekend", _("weekends")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("open")
    FILLED = "filled", _("filled")
    CLOSED = "closed", _("closed")


class Need(models.Model):
    """A group or the organizers need help: a skill, a time, a place, a role."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="volunteer_needs"
    )
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_needs",
        verbose_name=_("group"),
    )
    title = models.CharField(_("what is needed"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    role = models.CharField(_("role"), max_length=120, blank=True)
    skills = models.CharField(
        _("skills"), max_length=300, blank=True, help_text=_("Comma-separated, e.g. photos, press")
    )
    times = models.JSONField(_("times"), default=list, blank=True)  # TimeOfWeek values
    when = models.CharField(_("date or period"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=200, blank=True)
    people_needed = models.PositiveIntegerField(_("people needed"), default=1)
    status = models.CharField(max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return self.title


class Offer(models.Model):
    """Someone offers what they can give. Personal fields are blank once erased."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="volunteer_offers"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    skills = models.CharField(_("what I can do"), max_length=300)
    times = models.JSONField(_("when I have time"), default=list, blank=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=200, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    consent_at = models.DateTimeField()
    expires_on = models.DateField(_("offer valid until"))
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(
        "reach.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_offers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return self.name or str(_("(erased)"))


class ResponseStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Response(models.Model):
    """ "I'll help": an answer to a need on the public page; it reaches the moderator."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="responses")
    name = models.CharField(_("name"), max_length=100)
    contact_details = models.CharField(_("e-mail or phone"), max_length=200)
    message = models.CharField(_("message"), max_length=500, blank=True)
    consent_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} → {self.need}"


class Match(models.Model):
    """A moderator confirmed that an offer fits a need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="matches")
    score = models.PositiveIntegerField(default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="one_match_per_need_and_offer")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} → {self.need_id}"
