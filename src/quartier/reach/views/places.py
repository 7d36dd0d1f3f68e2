from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from quartier.core.errors import DomainError
from quartier.reach import selectors, services
from quartier.reach.forms import PlaceForm
from quartier.reach.models import PlaceKind
from quartier.reach.scope import contacts_visible_to
from quartier.reach.views.common import base_context, reach_organisation


@login_required
def place_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    kind = request.GET.get("kind", "")
    kind = kind if kind in PlaceKind.values else ""
    q = request.GET.get("q", "").strip()[:100]
    places = selectors.place_list_for_user(
        user=request.user, organisation=organisation, q=q, kind=kind
    )
    return render(
        request,
        "reach/place_list.html",
        base_context(request, organisation, "places")
        | {
            "places": places,
            "kind": kind,
            "q": q,
            "kinds": PlaceKind.choices,
            "can_manage": request.user.has_perm("reach.manage_places", organisation),
        },
    )


@login_required
def place_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.manage_places")
    form = PlaceForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            place = services.place_create(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Place created."))
            return redirect(place.get_absolute_url())
    return render(
        request,
        "reach/place_form.html",
        base_context(request, organisation, "places") | {"form": form},
    )


@login_required
def place_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.manage_places")
    place = selectors.place_get_for_user(user=request.user, organisation=organisation, pk=pk)
    form = PlaceForm(request.POST or None, instance=place, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.place_update(place=place, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect(place.get_absolute_url())
    return render(
        request,
        "reach/place_form.html",
        base_context(request, organisation, "places")
        | {
            "form": form,
            "place": place,
        },
    )


@login_required
def place_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    place = selectors.place_get_for_user(user=request.user, organisation=organisation, pk=pk)
    visible = contacts_visible_to(request.user, organisation)
    return render(
        request,
        "reach/place_detail.html",
        base_context(request, organisation, "places")
        | {
            "place": place,
            "memberships": place.memberships.filter(
                contact__in=visible, contact__erased_at__isnull=True
            ).select_related("contact"),
            "key_persons": place.key_persons.select_related("contact"),
            "can_manage": request.user.has_perm("reach.manage_places", organisation),
        },
    )


@login_required
def key_person_overview(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    by_place = selectors.key_persons_by_place(user=request.user, organisation=organisation)
    can_organize = request.user.has_perm("reach.add_contact", organisation)
    return render(
        request,
        "reach/key_persons.html",
        base_context(request, organisation, "key_persons")
        | {
            "with_key": [(p, k) for p, k in by_place if k],
            "without_key": [p for p, k in by_place if not k],
            "groups_without": selectors.groups_without_key_person(organisation=organisation)
            if can_organize
            else [],
        },
    )
