"""Set-up: the invitation in more languages (one page per translation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.lottery.forms import TranslationForm
from quartier.lottery.services.translations import translation_delete, translation_save
from quartier.lottery.views.common import context, load


@login_required
def translation_edit(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, tid: int | None = None
) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    translation = get_object_or_404(lottery.translations, pk=tid) if tid else None
    form = TranslationForm(request.POST or None, instance=translation)
    if request.method == "POST" and form.is_valid():
        if translation is not None:
            translation.refresh_from_db()
        try:
            saved = translation_save(
                lottery=lottery,
                actor=request.user,
                translation=translation,
                **{k: form.cleaned_data[k] for k in TranslationForm.Meta.fields},
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Translation into %(language)s saved. Choose on each municipality whether its letters carry it."
                )
                % {"language": saved.label},
            )
            return redirect("lottery:setup", org_slug, process_slug, pk)
    return render(
        request,
        "lottery/translation.html",
        context(request, lottery, "setup", form=form, translation=translation),
    )


@login_required
@require_POST
def translation_remove(
    request: HttpRequest, org_slug: str, process_slug: str, pk: int, tid: int
) -> HttpResponse:
    lottery = load(request, org_slug, process_slug, pk)
    translation = get_object_or_404(lottery.translations, pk=tid)
    label = translation.label
    translation_delete(translation=translation, actor=request.user)
    messages.success(request, _("Translation into %(language)s removed.") % {"language": label})
    return redirect("lottery:setup", org_slug, process_slug, pk)
