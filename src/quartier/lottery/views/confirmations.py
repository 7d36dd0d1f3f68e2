from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.lottery.confirmation_letters import render_confirmations
from quartier.lottery.explain import explain
from quartier.lottery.models import Status
from quartier.lottery.services.confirmations import confirmations_send
from quartier.lottery.services.retention import register_access_logged
from quartier.lottery.services.selection import (
    latest_draw,
    registration_cancel,
    replacement_proposal,
)
from quartier.lottery.views.common import context, load


@login_required
def confirmations(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    if request.method == "POST":
        try:
            counts = confirmations_send(lottery=lottery, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Confirmations sent: %(emails)s e-mails, %(letters)s letters to print.") % counts,
            )
        return redirect("lottery:confirmations", org_slug, process_slug, pk)
    groups = [
        (
            label,
            list(lottery.registrations.filter(status=status).order_by("reserve_rank", "pool_id")),
        )
        for status, label in (
            (Status.SELECTED, _("Selected")),
            (Status.RESERVE, _("Reserve list")),
            (Status.NOT_SELECTED, _("Not selected")),
            (Status.CANCELLED, _("Cancelled")),
        )
    ]
    draw = latest_draw(lottery)
    return render(
        request,
        "lottery/confirmations.html",
        context(
            request,
            lottery,
            "confirmations",
            groups=groups,
            draw=draw,
            invitees=lottery.invitees.select_related("registration", "event"),
        ),
    )


@login_required
@require_POST
def cancel(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, rid: int
) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    registration = get_object_or_404(lottery.registrations, pk=rid)
    try:
        replacement = registration_cancel(
            registration=registration,
            actor=request.user,
            leave_empty=request.POST.get("leave_empty") == "1",
            accept_relaxation=request.POST.get("accept_relaxation") == "1",
        )
    except DomainError as error:
        if error.code != "no_reserve_fits":
            messages.error(request, str(error))
            return redirect("lottery:confirmations", org_slug, process_slug, pk)
        proposal = replacement_proposal(registration=registration)
        changes = explain(
            lottery,
            {"relaxation": {"changes": [vars(c) for c in proposal.relaxation]}},
        )["changes"]
        return render(
            request,
            "lottery/cancel_blocked.html",
            context(
                request,
                lottery,
                "confirmations",
                registration=registration,
                error=str(error),
                changes=changes,
            ),
        )
    else:
        if replacement is not None:
            messages.success(
                request,
                _("%(person)s cancelled; %(replacement)s was drawn as replacement.")
                % {"person": registration.pool_id, "replacement": replacement.pool_id},
            )
        else:
            messages.warning(
                request,
                _("%(person)s cancelled; the seat stays empty.") % {"person": registration.pool_id},
            )
    return redirect("lottery:confirmations", org_slug, process_slug, pk)


@login_required
def confirmation_letters(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> FileResponse:
    lottery = load(request, org_slug, process_slug, pk)
    register_access_logged(lottery=lottery, actor=request.user, what="confirmation letters")
    people = lottery.registrations.exclude(status__in=[Status.POOL, Status.CANCELLED]).order_by(
        "status", "pool_id"
    )
    buffer = io.BytesIO()
    render_confirmations(lottery, list(people), buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"bestaetigungen-{lottery.pk}.pdf",
        content_type="application/pdf",
    )
