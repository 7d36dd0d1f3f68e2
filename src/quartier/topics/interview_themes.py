"""Themes suggested for an interview campaign's answers, adopted into its own theme tags.

The campaign already counts themes that interviewers tag by hand (its review page and
export). Here the topic engine groups the answers of one question (or all) by meaning
and names each group with key phrases; adopting a group tags its answers with that
theme through the interviews app's own service, so it shows in the counts and export.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from quartier.engine.topics.themes import themes
from quartier.interviews.models import Answer, Campaign, Question
from quartier.interviews.services import answer_tag

MAX_ANSWERS = 400  # each answer is embedded when the page is opened (about 20 ms each)


@dataclass(frozen=True)
class SuggestedTheme:
    label: str
    answers: list[Answer]


def campaign_answers(*, campaign: Campaign, question: Question | None = None) -> list[Answer]:
    rows = Answer.objects.filter(interview__campaign=campaign).exclude(text="")
    if question is not None:
        rows = rows.filter(question=question)
    return list(
        rows.select_related("interview", "question")
        .prefetch_related("themes")
        .order_by("pk")[:MAX_ANSWERS]
    )


def suggested_themes(
    *, campaign: Campaign, question: Question | None = None, k: int | None = None
) -> list[SuggestedTheme]:
    """The answers grouped by meaning, largest group first (none below three answers)."""
    answers = {a.pk: a for a in campaign_answers(campaign=campaign, question=question)}
    if len(answers) < 3:
        return []
    found = themes([(str(pk), "", a.text) for pk, a in answers.items()], k=k)
    return [SuggestedTheme(t.label, [answers[int(key)] for key in t.keys]) for t in found]


@transaction.atomic
def theme_adopt(*, campaign: Campaign, name: str, answer_ids: Iterable[object], actor: Any) -> int:
    """Tag the answers with the theme ``name`` (kept with their other themes); how many."""
    ids = [int(str(i)) for i in answer_ids if str(i).isdigit()]
    answers = Answer.objects.filter(interview__campaign=campaign, pk__in=ids).prefetch_related(
        "themes"
    )
    count = 0
    for answer in answers:
        answer_tag(answer=answer, actor=actor, themes=list(answer.themes.all()), new_theme=name)
        count += 1
    return count
