from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from quartier.interviews.models import Answer, Campaign, Question, Theme
from quartier.organisations.models import Organisation
from quartier.organisations.rules import is_org_organizer


def campaign_list_for_user(*, user: Any, organisation: Organisation) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.filter(organisation=organisation)
    if not is_org_organizer(user, organisation):
        campaigns = campaigns.filter(interviewers=user)
    return campaigns.annotate(interview_count=Count("interviews", distinct=True)).order_by(
        "-created_at"
    )


def campaign_get_for_user(
    *, user: Any, organisation: Organisation, pk: int, perm: str = "interviews.view_campaign"
) -> Campaign:
    campaign = (
        Campaign.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation")
        .first()
    )
    if campaign is None or not user.has_perm("interviews.view_campaign", campaign):
        raise Http404
    if not user.has_perm(perm, campaign):
        raise PermissionDenied
    return campaign


@dataclass(frozen=True)
class Progress:
    done: int
    target: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.target)) if self.target else 0


def campaign_progress(*, campaign: Campaign) -> Progress:
    return Progress(done=campaign.interviews.count(), target=campaign.target_count)


def review_columns(
    *, campaign: Campaign
) -> list[tuple[Question, list[Answer], list[tuple[Theme, int]]]]:
    """Per question: every non-empty answer (with themes) and the theme counts for it."""
    answers = Answer.objects.exclude(text="").select_related("interview").prefetch_related("themes")
    questions = campaign.questions.prefetch_related(
        Prefetch("answers", queryset=answers.order_by("interview__number"))
    )
    columns = []
    for question in questions:
        rows = list(question.answers.all())
        counts: dict[int, int] = {}
        themes: dict[int, Theme] = {}
        for answer in rows:
            for theme in answer.themes.all():
                counts[theme.pk] = counts.get(theme.pk, 0) + 1
                themes[theme.pk] = theme
        ordered = sorted(
            ((themes[k], v) for k, v in counts.items()), key=lambda tv: (-tv[1], tv[0].name)
        )
        columns.append((question, rows, ordered))
    return columns


def theme_counts(*, campaign: Campaign) -> QuerySet[Theme]:
    return campaign.themes.annotate(answer_count=Count("answers", distinct=True)).order_by(
        "-answer_count", "name"
    )
