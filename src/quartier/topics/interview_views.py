"""The campaign's "suggested themes" page (reviewers look and adopt)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from quartier.interviews.models import Campaign
from quartier.interviews.selectors import campaign_get_for_user
from quartier.organisations.selectors import organisation_get_for_user
from quartier.topics.interview_themes import MAX_ANSWERS, suggested_themes, theme_adopt


def _campaign(request: HttpRequest, org_slug: str, pk: int) -> Campaign:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    return campaign_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="interviews.review_campaign"
    )


@login_required
def interview_themes(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    campaign = _campaign(request, org_slug, pk)
    here = reverse("topics:interview_themes", args=[org_slug, pk])
    if request.method == "POST":
        name = " ".join(request.POST.get("name", "").split())[:100]
        ids = request.POST.getlist("answers")
        if not name or not ids:
            messages.error(request, _("Please give the theme a name and keep at least one answer."))
        else:
            count = theme_adopt(campaign=campaign, name=name, answer_ids=ids, actor=request.user)
            messages.success(
                request,
                _("Theme “%(name)s” added to %(n)s answers.") % {"name": name, "n": count},
            )
        return redirect(f"{here}?{request.POST.get('query', '')}")
    questions = list(campaign.questions.all())
    chosen = next((q for q in questions if str(q.pk) == request.GET.get("question")), None)
    raw_k = request.GET.get("k", "")
    k = int(raw_k) if raw_k.isdigit() and 2 <= int(raw_k) <= 20 else None
    return render(
        request,
        "topics/interview_themes.html",
        {
            "organisation": campaign.organisation,
            "campaign": campaign,
            "questions": questions,
            "chosen": chosen,
            "k": k,
            "themes": suggested_themes(campaign=campaign, question=chosen, k=k),
            "max_answers": MAX_ANSWERS,
            "query": request.GET.urlencode(),
        },
    )
