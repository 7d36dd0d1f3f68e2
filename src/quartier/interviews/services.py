from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.interviews.models import Answer, Campaign, Interview, Question, Theme
from quartier.organisations.models import Organisation
from quartier.reach.models import Contact, ParticipationKind, ParticipationRole
from quartier.reach.services import participation_record


def _clean_questions(questions: Iterable[str]) -> list[str]:
    return [q.strip() for q in questions if q.strip()]


@transaction.atomic
def campaign_create(
    *,
    organisation: Organisation,
    actor: Any,
    title: str,
    opening_question: str,
    questions: Iterable[str] = (),
    target_count: int = 50,
    interviewers: Iterable[Any] = (),
    description: str = "",
    process: Any = None,
) -> Campaign:
    if not opening_question.strip():
        raise DomainError(
            _("Every interview opens with the same question: please enter it."), code="opening"
        )
    if target_count < 1:
        raise DomainError(_("The target must be at least 1 interview."), code="target")
    campaign = Campaign.objects.create(
        organisation=organisation,
        title=title.strip(),
        description=description.strip(),
        target_count=target_count,
        process=process,
        created_by=actor,
    )
    Question.objects.create(
        campaign=campaign, position=0, text=opening_question.strip(), is_opening=True
    )
    for position, text in enumerate(_clean_questions(questions), start=1):
        Question.objects.create(campaign=campaign, position=position, text=text)
    campaign.interviewers.set(
        [u for u in interviewers if u.memberships.filter(organisation=organisation).exists()]
    )
    audit_record(
        action="interview_campaign.created", actor=actor, organisation=organisation, target=campaign
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    actor: Any,
    title: str,
    opening_question: str,
    questions: Iterable[str],
    target_count: int,
    interviewers: Iterable[Any],
    description: str = "",
    process: Any = None,
) -> Campaign:
    """Change the guide. The opening question and answered questions cannot change any more."""
    has_interviews = campaign.interviews.exists()
    opening = campaign.questions.get(is_opening=True)
    if opening.text != opening_question.strip():
        if has_interviews:
            raise DomainError(
                _(
                    "The opening question is fixed once the first interview is recorded: "
                    "all interviews open with it."
                ),
                code="opening_fixed",
            )
        opening.text = opening_question.strip()
        opening.save(update_fields=["text"])
    wanted = _clean_questions(questions)
    existing = {q.text: q for q in campaign.questions.filter(is_opening=False)}
    for text, question in existing.items():
        if text not in wanted:
            if question.answers.exclude(text="").exists():
                raise DomainError(
                    _("“%(question)s” already has answers and cannot be removed."),
                    code="question_answered",
                    question=text,
                )
            question.delete()
    for position, text in enumerate(wanted, start=1):
        kept = existing.get(text)
        if kept is None:
            Question.objects.create(campaign=campaign, position=position, text=text)
        elif kept.position != position:
            kept.position = position
            kept.save(update_fields=["position"])
    campaign.title = title.strip()
    campaign.description = description.strip()
    campaign.target_count = max(1, target_count)
    campaign.process = process
    campaign.save(update_fields=["title", "description", "target_count", "process"])
    campaign.interviewers.set(list(interviewers))
    audit_record(
        action="interview_campaign.updated",
        actor=actor,
        organisation=campaign.organisation,
        target=campaign,
    )
    return campaign


@transaction.atomic
def interview_record(
    *,
    campaign: Campaign,
    interviewer: Any,
    held_on: date,
    answers: Mapping[int, str],
    client_token: str,
    contact: Contact | None = None,
) -> Interview:
    """Save one interview with its answers. A retried submit (same token) returns the first one."""
    if not client_token:
        raise DomainError(_("The form is missing its token; please reload the page."), code="token")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    existing = Interview.objects.filter(campaign=campaign, client_token=client_token).first()
    if existing is not None:
        return existing
    if contact is not None and contact.organisation_id != campaign.organisation_id:
        raise DomainError(
            _("This person belongs to another organisation."), code="other_organisation"
        )
    questions = {q.pk: q for q in campaign.questions.all()}
    opening = next(q for q in questions.values() if q.is_opening)
    if not answers.get(opening.pk, "").strip():
        raise DomainError(
            _("Please write down the answer to the opening question “%(question)s”."),
            code="opening_answer",
            question=opening.text,
        )
    if held_on > timezone.localdate():
        raise DomainError(
            _("An interview cannot be recorded for a future date."), code="future_date"
        )
    number = (campaign.interviews.aggregate(n=Max("number"))["n"] or 0) + 1
    interview = Interview.objects.create(
        campaign=campaign,
        interviewer=interviewer,
        contact=contact,
        number=number,
        held_on=held_on,
        client_token=client_token[:64],
    )
    Answer.objects.bulk_create(
        Answer(interview=interview, question=questions[pk], text=text.strip())
        for pk, text in answers.items()
        if pk in questions and text.strip()
    )
    if contact is not None:
        participation_record(
            contact=contact,
            source=interview,
            kind=ParticipationKind.INTERVIEW,
            role=ParticipationRole.INTERVIEWEE,
            occurred_at=timezone.make_aware(datetime.combine(held_on, time(12, 0))),
            process=campaign.process,
            label=f"{campaign.title}: {interview}",
        )
    audit_record(
        action="interview.recorded",
        actor=interviewer,
        organisation=campaign.organisation,
        target=interview,
        data={"campaign": campaign.pk},
    )
    return interview


@transaction.atomic
def answer_tag(
    *, answer: Answer, actor: Any, themes: Iterable[Theme], new_theme: str = ""
) -> Answer:
    """Set the themes of an answer during joint reading; a new theme name is created on the fly."""
    campaign = answer.interview.campaign
    chosen = [t for t in themes if t.campaign_id == campaign.pk]
    name = new_theme.strip()[:100]
    if name:
        theme = Theme.objects.filter(
            campaign=campaign, name__iexact=name
        ).first() or Theme.objects.create(campaign=campaign, name=name)
        chosen.append(theme)
    answer.themes.set(chosen)
    audit_record(
        action="interview.answer_tagged",
        actor=actor,
        organisation=campaign.organisation,
        target=answer.interview,
        data={"themes": [t.pk for t in chosen]},
    )
    return answer
