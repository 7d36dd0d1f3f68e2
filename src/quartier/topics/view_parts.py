"""What the event's and the online process's opinion-map views share: the moderator's
page, moderation and the exports."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from quartier.core.errors import DomainError
from quartier.topics import opinion_selectors as selectors
from quartier.topics import opinion_services as services
from quartier.topics.links import map_links
from quartier.topics.models import Conversation


def conversation_page(
    request: HttpRequest, found: Conversation, *, can_moderate: bool, **extra: Any
) -> HttpResponse:
    """The moderator's page of one map: statements waiting, accepted ones and the map."""
    return render(
        request,
        "topics/conversation.html",
        {
            "conversation": found,
            "pending": selectors.pending(conversation=found),
            "statements": selectors.accepted(conversation=found),
            "map": selectors.opinion_map_for(conversation=found),
            "can_moderate": can_moderate,
            "links": map_links(request, found),
            **extra,
        },
    )


#: The answer buttons on a phone; anything else is refused by the service as invalid.
VOTE_VALUES = {"agree": 1, "disagree": -1, "pass": 0}


def answer_post(request: HttpRequest, found: Conversation, **voter: Any) -> None:
    """A participant's post on a map (a new statement, or an answer to one), for the room's
    phones (``participant=``) and online maps (``respondent=``) alike; the outcome is a
    message on the next page."""
    try:
        if request.POST.get("action") == "statement":
            services.statement_add(conversation=found, text=request.POST.get("text", ""), **voter)
            messages.success(
                request, _("Thank you! Your statement appears once a moderator has read it.")
            )
        else:
            statement = selectors.statement_get(
                conversation=found, pk=request.POST.get("statement")
            )
            value = VOTE_VALUES.get(request.POST.get("vote", ""), 9)
            services.opinion_cast(statement=statement, value=value, **voter)
    except DomainError as exc:
        messages.error(request, str(exc))


def moderate_action(request: HttpRequest, found: Conversation) -> None:
    """Accept/reject a statement, add one, or close/reopen the map (the caller checked
    the permission); the outcome is a message on the next page."""
    action = request.POST.get("action", "")
    try:
        if action in {"accept", "reject"}:
            statement = selectors.statement_get(
                conversation=found, pk=request.POST.get("statement")
            )
            services.statement_moderate(
                statement=statement, actor=request.user, accept=action == "accept"
            )
            messages.success(
                request,
                _("Statement accepted.") if action == "accept" else _("Statement rejected."),
            )
        elif action == "add":
            services.statement_add(
                conversation=found, text=request.POST.get("text", ""), actor=request.user
            )
            messages.success(request, _("Statement added."))
        elif action in {"open", "close"}:
            services.conversation_set_open(
                conversation=found, actor=request.user, open_=action == "open"
            )
            messages.success(
                request,
                _("The opinion map is open.")
                if action == "open"
                else _("The opinion map is closed."),
            )
    except DomainError as exc:
        messages.error(request, str(exc))


def statements_csv(found: Conversation) -> HttpResponse:
    """The statements with agreement overall and per group, for the report."""
    view = selectors.opinion_map_for(conversation=found)
    consensus = {line.statement.pk for line in view.consensus}
    divisive = {line.statement.pk for line in view.divisive}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="opinion-map-{found.pk}.csv"'
    writer = csv.writer(response)
    groups = [g.number for g in view.groups]
    writer.writerow(
        ["statement", "votes", "agree_percent", "disagree_percent"]
        + [f"group_{n}_agree_percent" for n in groups]
        + ["common_ground", "divides_groups"]
    )
    for line in selectors.statement_lines(view=view):
        writer.writerow(
            [
                line.statement.text,
                line.votes,
                line.agree,
                line.disagree,
                *line.by_group,
                int(line.statement.pk in consensus),
                int(line.statement.pk in divisive),
            ]
        )
    return response


def report_pdf(found: Conversation) -> HttpResponse:
    """The map, its groups, common ground and differences as an A4 PDF."""
    from quartier.topics.report import conversation_pdf

    response = HttpResponse(conversation_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="opinion-map-{found.pk}.pdf"'
    return response
