"""The public registration pages (no account) and the organizers' reply list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.lottery import throttle
from quartier.lottery.categories import value_label
from quartier.lottery.forms import CodeForm, RegistrationForm
from quartier.lottery.models import Channel, Letter
from quartier.lottery.services.registration import (
    CodeError,
    check_open,
    letter_for_code,
    registration_close,
    registration_submit,
)
from quartier.lottery.services.retention import register_access_logged
from quartier.lottery.services.translations import page_languages, page_text
from quartier.lottery.views.common import context, load

BLOCKED = "blocked"


def _letter_or_error(request: HttpRequest, code: str) -> tuple[Letter | None, str]:
    if throttle.is_blocked(request):
        return None, _("Too many attempts with wrong codes. Please wait 15 minutes and try again.")
    try:
        return letter_for_code(code), ""
    except CodeError as error:
        throttle.record_failure(request)
        return None, str(error)


def code_entry(request: HttpRequest) -> HttpResponse:
    """Type the code from the letter (for people who do not scan the QR code)."""
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        letter, error = _letter_or_error(request, form.cleaned_data["code"])
        if letter is not None:
            return redirect("lottery_public:register", letter.code)
        form.add_error("code", error)
    return render(request, "lottery/public/code.html", {"form": form})


def register_by_code(request: HttpRequest, code: str) -> HttpResponse:
    letter, error = _letter_or_error(request, code)
    if letter is None:
        code_form = CodeForm(initial={"code": code})
        return render(
            request, "lottery/public/code.html", {"form": code_form, "error": error}, status=404
        )
    lottery = letter.lottery
    try:
        check_open(letter)
    except CodeError as closed:
        return render(
            request,
            "lottery/public/closed.html",
            {"lottery": lottery, "error": str(closed)},
            status=410 if closed.code == "code_expired" else 200,
        )
    form = RegistrationForm(
        request.POST or None,
        lottery=lottery,
        register_values=letter.features if lottery.prefill_from_register else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration_submit(letter=letter, features=form.features(lottery), **form.contact())
        except CodeError as closed:
            return render(
                request, "lottery/public/closed.html", {"lottery": lottery, "error": str(closed)}
            )
        except DomainError as problem:
            form.add_error(None, str(problem))
        else:
            return render(request, "lottery/public/thanks.html", {"lottery": lottery})
    languages = page_languages(lottery, letter.municipality.languages)
    chosen = next((t for t in languages if t.language == request.GET.get("sprache")), None)
    return render(
        request,
        "lottery/public/register.html",
        {
            "lottery": lottery,
            "letter": letter,
            "form": form,
            "offered_languages": languages,
            "chosen": chosen,
            "chosen_text": page_text(chosen, letter) if chosen else "",
        },
    )


@login_required
def registrations(request: HttpRequest, org_slug: str, process_slug: str, pk: int) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    code_form = CodeForm(request.GET or None)
    rows = list(lottery.registrations.select_related("letter__municipality").order_by("pool_id"))
    for row in rows:
        row.labels = [  # type: ignore[attr-defined]
            value_label(lottery, c, row.features.get(c, "")) for c in lottery.quota_categories
        ]
    register_access_logged(lottery=lottery, actor=request.user, what="registrations")
    if request.GET and code_form.is_valid():
        try:
            letter = letter_for_code(code_form.cleaned_data["code"])
            if letter.lottery_id != lottery.pk:
                raise CodeError(
                    _("We do not know this code. Please check it."), code="code_unknown"
                )
        except CodeError as error:
            code_form.add_error("code", str(error))
        else:
            return redirect("lottery:paper_reply", org_slug, process_slug, pk, letter.code)
    return render(
        request,
        "lottery/registrations.html",
        context(
            request,
            lottery,
            "registration",
            rows=rows,
            code_form=code_form,
            letter_count=lottery.letters.count(),
        ),
    )


@login_required
def paper_reply(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, code: str
) -> HttpResponse:
    """Organizers enter a reply card or a phone call on behalf of the person."""
    lottery = load(request, org_slug, process_slug, pk)
    letter = letter_for_code(code)
    if letter.lottery_id != lottery.pk:
        return redirect("lottery:registration", org_slug, process_slug, pk)
    form = RegistrationForm(
        request.POST or None,
        lottery=lottery,
        register_values=letter.features if lottery.prefill_from_register else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration_submit(
                letter=letter,
                features=form.features(lottery),
                channel=request.POST.get("channel", Channel.PAPER),
                entered_by=request.user,
                **form.contact(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The reply for code %(code)s was saved.") % {"code": letter.display_code}
            )
            return redirect("lottery:registration", org_slug, process_slug, pk)
    return render(
        request,
        "lottery/paper_reply.html",
        context(request, lottery, "registration", form=form, letter=letter),
    )


@login_required
@require_POST
def close_registration(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int
) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    try:
        registration_close(lottery=lottery, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Registration has ended."))
    return redirect("lottery:registration", org_slug, process_slug, pk)
