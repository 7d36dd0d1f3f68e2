from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.audit.models import AuditEntry
from quartier.core.errors import DomainError
from quartier.lottery.services.retention import register_delete
from quartier.lottery.views.common import context, load


@login_required
def privacy(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    entries = AuditEntry.objects.filter(
        target_type="lottery.lottery",
        target_id=str(lottery.pk),
        action__in=[
            "lottery.register_deleted",
            "lottery.registrations_deleted",
            "lottery.personal_data_viewed",
            "lottery.addresses_exported",
            "lottery.letters_downloaded",
        ],
    ).select_related("actor")[:50]
    return render(
        request, "lottery/privacy.html", context(request, lottery, "privacy", entries=entries)
    )


@login_required
@require_POST
def delete_register_now(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    """Delete earlier than the retention date, e.g. once the print shop has the letters."""
    lottery = load(request, org_slug, process_slug, pk)
    if not request.user.has_perm("lottery.delete_register", lottery.process):
        raise PermissionDenied
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm the deletion."))
        return redirect("lottery:privacy", org_slug, process_slug, pk)
    try:
        counts = register_delete(lottery=lottery, actor=request.user, reason="by_hand")
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Register data deleted: %(addresses)s addresses, %(files)s files.") % counts
        )
    return redirect("lottery:privacy", org_slug, process_slug, pk)
