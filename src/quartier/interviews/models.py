"""Interview campaigns (seed 002): one guide, a fixed opening question, many interviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartier.organisations.models import Organisation


class Campaign(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interview_campaigns"
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interview_campaigns",
        verbose_name=_("process"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_count = models.PositiveIntegerField(_("target number of interviews"), default=50)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="interview_campaigns",
        verbose_name=_("interviewers"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interview campaign")
        verbose_name_plural = _("interview campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_count__gte=1), name="campaign_target_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interviews:detail", args=[self.organisation.slug, self.pk])


class Question(models.Model):
    """A question of the guide; the opening question is fixed once answers exist."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("question"), max_length=500)
    is_opening = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign"],
                condition=models.Q(is_opening=True),
                name="one_opening_question_per_campaign",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Interview(models.Model):
    """One interview; ``contact`` is empty for anonymous interviewees (or after erasure)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="interviews")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    contact = models.ForeignKey(
        "reach.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("interviewee"),
    )
    number = models.PositiveIntegerField()
    held_on = models.DateField(_("date"))
    client_token = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "client_token"], name="interview_client_token_unique"
            ),
            models.UniqueConstraint(fields=["campaign", "number"], name="interview_number_unique"),
        ]

    def __str__(self) -> str:
        return str(_("Interview %(number)s")) % {"number": self.number}


class Theme(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="theme_name_unique_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="answers", verbose_name=_("themes")
    )

    class Meta:
        ordering = ["question__position", "interview__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
