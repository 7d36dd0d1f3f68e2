from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from quartier.core.errors import DomainError
from quartier.lottery.letters import PLACEHOLDERS
from quartier.lottery.selectors import active_job
from quartier.lottery.services.letters import (
    letters_generate_start,
    letters_pdf_accessed,
    mail_merge_csv,
)
from quartier.lottery.views.common import context, load


@login_required
def letters(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    if request.method == "POST":
        try:
            letters_generate_start(lottery=lottery, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The letters are being generated."))
        return redirect("lottery:letters", org_slug, process_slug, pk)
    return render(
        request,
        "lottery/letters.html",
        context(
            request,
            lottery,
            "letters",
            job=active_job(lottery, "letters"),
            letter_count=lottery.letters.count(),
            placeholders=PLACEHOLDERS,
            by_municipality=lottery.letters.values("municipality__name", "kind").order_by(
                "municipality__name"
            ),
        ),
    )


@login_required
def letters_pdf(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> FileResponse:
    lottery = load(request, org_slug, process_slug, pk)
    if not lottery.letters_file or not Path(lottery.letters_file).exists():
        raise Http404
    letters_pdf_accessed(lottery=lottery, actor=request.user)
    return FileResponse(
        open(lottery.letters_file, "rb"),
        as_attachment=True,
        filename=f"einladungen-{lottery.pk}.pdf",
        content_type="application/pdf",
    )


@login_required
def letters_csv(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    try:
        text = mail_merge_csv(lottery=lottery, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("lottery:letters", org_slug, process_slug, pk)
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="serienbrief-{lottery.pk}.csv"'
    return response
