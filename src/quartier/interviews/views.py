from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.interviews import selectors, services
from quartier.interviews.export import campaign_xlsx
from quartier.interviews.forms import CampaignForm, InterviewForm, TagForm
from quartier.interviews.models import Answer, Campaign
from quartier.organisations.models import Organisation
from quartier.organisations.selectors import organisation_get_for_user
from quartier.reach.scope import contacts_visible_to


def _organisation(request: HttpRequest, org_slug: str) -> Organisation:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    if not request.user.has_perm("interviews.view_campaigns", organisation):
        raise PermissionDenied
    return organisation


def _context(
    request: HttpRequest, organisation: Organisation, **extra: object
) -> dict[str, object]:
    return {
        "organisation": organisation,
        "nav": "reach",
        "tab": "interviews",
        "can_organize": request.user.has_perm("reach.add_contact", organisation),
        "can_review": request.user.has_perm("reach.review_retention", organisation),
        **extra,
    }


def _campaign(
    request: HttpRequest, org_slug: str, pk: int, perm: str = "interviews.view_campaign"
) -> Campaign:
    organisation = _organisation(request, org_slug)
    return selectors.campaign_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm=perm
    )


@login_required
def campaign_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    return render(
        request,
        "interviews/campaign_list.html",
        _context(
            request,
            organisation,
            campaigns=selectors.campaign_list_for_user(
                user=request.user, organisation=organisation
            ),
            can_add=request.user.has_perm("interviews.add_campaign", organisation),
        ),
    )


@login_required
def campaign_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    if not request.user.has_perm("interviews.add_campaign", organisation):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                organisation=organisation,
                actor=request.user,
                title=data["title"],
                opening_question=data["opening_question"],
                questions=form.question_list(),
                target_count=data["target_count"],
                interviewers=data["interviewers"],
                description=data["description"],
                process=data["process"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Campaign created."))
            return redirect(campaign.get_absolute_url())
    return render(
        request, "interviews/campaign_form.html", _context(request, organisation, form=form)
    )


@login_required
def campaign_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, org_slug, pk, perm="interviews.change_campaign")
    form = CampaignForm(request.POST or None, organisation=campaign.organisation, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_update(
                campaign=campaign,
                actor=request.user,
                title=data["title"],
                opening_question=data["opening_question"],
                questions=form.question_list(),
                target_count=data["target_count"],
                interviewers=data["interviewers"],
                description=data["description"],
                process=data["process"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(campaign.get_absolute_url())
    return render(
        request,
        "interviews/campaign_form.html",
        _context(request, campaign.organisation, form=form, campaign=campaign),
    )


@login_required
def campaign_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, org_slug, pk)
    user = request.user
    return render(
        request,
        "interviews/campaign_detail.html",
        _context(
            request,
            campaign.organisation,
            campaign=campaign,
            progress=selectors.campaign_progress(campaign=campaign),
            questions=campaign.questions.all(),
            interviewers=campaign.interviewers.order_by("full_name"),
            interviews=campaign.interviews.select_related("interviewer").order_by("-number")[:20],
            themes=selectors.theme_counts(campaign=campaign),
            can_change=user.has_perm("interviews.change_campaign", campaign),
            can_enter=user.has_perm("interviews.enter_answers", campaign),
            can_export=user.has_perm("interviews.export_campaign", campaign),
        ),
    )


@login_required
def interview_create(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, org_slug, pk, perm="interviews.enter_answers")
    contacts = contacts_visible_to(request.user, campaign.organisation).filter(
        erased_at__isnull=True
    )
    form = InterviewForm(
        request.POST or None,
        campaign=campaign,
        contacts=contacts,
        initial={"client_token": secrets.token_urlsafe(16)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_record(
                campaign=campaign,
                interviewer=request.user,
                held_on=form.cleaned_data["held_on"],
                answers=form.answers(),
                client_token=form.cleaned_data["client_token"],
                contact=form.cleaned_data["contact"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(interview)s saved. Thank you!") % {"interview": interview}
            )
            return redirect(campaign.get_absolute_url())
    return render(
        request,
        "interviews/interview_form.html",
        _context(
            request,
            campaign.organisation,
            campaign=campaign,
            form=form,
            progress=selectors.campaign_progress(campaign=campaign),
        ),
    )


@login_required
def campaign_review(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, org_slug, pk, perm="interviews.review_campaign")
    columns = selectors.review_columns(campaign=campaign)
    return render(
        request,
        "interviews/review.html",
        _context(
            request,
            campaign.organisation,
            campaign=campaign,
            columns=columns,
            themes=selectors.theme_counts(campaign=campaign),
            all_themes=list(campaign.themes.all()),
            progress=selectors.campaign_progress(campaign=campaign),
        ),
    )


@login_required
@require_POST
def answer_tag(request: HttpRequest, org_slug: str, pk: int, answer_id: int) -> HttpResponse:
    campaign = _campaign(request, org_slug, pk, perm="interviews.review_campaign")
    answer = get_object_or_404(Answer, pk=answer_id, interview__campaign=campaign)
    form = TagForm(request.POST, campaign=campaign)
    if form.is_valid():
        services.answer_tag(
            answer=answer,
            actor=request.user,
            themes=form.cleaned_data["themes"],
            new_theme=form.cleaned_data["new_theme"],
        )
    if request.headers.get("HX-Request"):
        answer = (
            Answer.objects.prefetch_related("themes").select_related("interview").get(pk=answer.pk)
        )
        context = {
            "organisation": campaign.organisation,
            "campaign": campaign,
            "answer": answer,
            "all_themes": list(campaign.themes.all()),
            "saved": True,
            "themes": selectors.theme_counts(campaign=campaign),
            "oob": True,
        }
        card = render_to_string("interviews/review.html#answer-card", context, request=request)
        counts = render_to_string("interviews/review.html#theme-counts", context, request=request)
        return HttpResponse(card + counts)
    messages.success(request, _("Themes saved."))
    return redirect(f"{campaign.get_absolute_url()}review/#answer-{answer.pk}")


@login_required
def campaign_export(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, org_slug, pk, perm="interviews.export_campaign")
    response = HttpResponse(
        campaign_xlsx(campaign=campaign),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="interviews-{campaign.pk}.xlsx"'
    return response
