"""Opinion maps of an online process: the team's pages, and the page people answer on.

The team works under the process (``processes.view_process`` to look,
``processes.moderate_process`` to start and moderate). People answer through the map's
unguessable link: signed in (one voice per account) or, if the map allows it, with one
voice per browser, kept in the browser's session.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.organisations.selectors import organisation_get_for_user
from quartier.processes.models import Process
from quartier.processes.selectors import process_get_for_user
from quartier.topics import opinion_selectors as selectors
from quartier.topics import opinion_services as services
from quartier.topics.links import map_links
from quartier.topics.models import Conversation, ConversationStatus, Participation, Respondent
from quartier.topics.view_parts import (
    answer_post,
    conversation_page,
    moderate_action,
    report_pdf,
    statements_csv,
)

SESSION_KEY = "topics_respondents"  # {conversation id: respondent id} for this browser


def _process(
    request: HttpRequest, org_slug: str, slug: str, perm: str = "processes.view_process"
) -> Process:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    return process_get_for_user(user=request.user, organisation=organisation, slug=slug, perm=perm)


@login_required
def conversations(request: HttpRequest, org_slug: str, slug: str) -> HttpResponse:
    process = _process(request, org_slug, slug)
    error = ""
    if request.method == "POST":
        process = _process(request, org_slug, slug, perm="processes.moderate_process")
        try:
            found = services.conversation_create(
                process=process,
                actor=request.user,
                question=request.POST.get("question", ""),
                statements=request.POST.get("statements", "").splitlines(),
                allow_statements=request.POST.get("allow_statements") == "on",
                participation=request.POST.get("participation", Participation.LINK),
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, _("The opinion map is open."))
            return redirect(map_links(request, found).detail)
    return render(
        request,
        "topics/conversations.html",
        {
            "organisation": process.organisation,
            "process": process,
            "conversations": selectors.conversations(process=process),
            "can_moderate": request.user.has_perm("processes.moderate_process", process),
            "participation_choices": Participation.choices,
            "error": error,
            "form": request.POST if error else {},
        },
    )


@login_required
def conversation(request: HttpRequest, org_slug: str, slug: str, cid: int) -> HttpResponse:
    process = _process(request, org_slug, slug)
    found = selectors.conversation_get(process=process, pk=cid)
    return conversation_page(
        request,
        found,
        can_moderate=request.user.has_perm("processes.moderate_process", process),
        organisation=process.organisation,
        process=process,
    )


@login_required
@require_POST
def moderate(request: HttpRequest, org_slug: str, slug: str, cid: int) -> HttpResponse:
    process = _process(request, org_slug, slug, perm="processes.moderate_process")
    found = selectors.conversation_get(process=process, pk=cid)
    moderate_action(request, found)
    return redirect(map_links(request, found).detail)


@login_required
def export_csv(request: HttpRequest, org_slug: str, slug: str, cid: int) -> HttpResponse:
    process = _process(request, org_slug, slug, perm="processes.moderate_process")
    return statements_csv(selectors.conversation_get(process=process, pk=cid))


@login_required
def export_pdf(request: HttpRequest, org_slug: str, slug: str, cid: int) -> HttpResponse:
    """The process's report of this map: drawing, groups, common ground, differences."""
    process = _process(request, org_slug, slug, perm="processes.moderate_process")
    return report_pdf(selectors.conversation_get(process=process, pk=cid))


def _known_respondent(request: HttpRequest, found: Conversation) -> Respondent | None:
    if request.user.is_authenticated:
        return selectors.respondent_of_user(conversation=found, user=request.user)
    pk = request.session.get(SESSION_KEY, {}).get(str(found.pk))
    return selectors.respondent_get(conversation=found, pk=pk) if pk is not None else None


def online(request: HttpRequest, token: str) -> HttpResponse:
    """Where people answer an online map, one statement at a time (plain forms)."""
    found = selectors.online_conversation_get(token=token)
    if found.participation == Participation.ACCOUNT and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    respondent = _known_respondent(request, found)
    if request.method == "POST":
        try:
            if respondent is None:
                respondent = services.respondent_for(conversation=found, user=request.user)
                if not request.user.is_authenticated:
                    known = request.session.get(SESSION_KEY, {})
                    request.session[SESSION_KEY] = {**known, str(found.pk): respondent.pk}
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("topics:online", token=found.token)
        answer_post(request, found, respondent=respondent)
        return redirect("topics:online", token=found.token)
    progress = selectors.progress_for(conversation=found, respondent=respondent)
    return render(
        request,
        "topics/online_vote.html",
        {
            "process": found.process,
            "conversation": found,
            "progress": progress,
            "closed": found.status != ConversationStatus.OPEN,
            "map": selectors.opinion_map_for(conversation=found) if progress.next is None else None,
        },
    )
