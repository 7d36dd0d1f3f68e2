from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.errors import DomainError
from quartier.followups.selectors import tasks_due_for_user, tasks_for_source
from quartier.reach import selectors, services
from quartier.reach.forms import ContactForm, KeyPersonForm, OneToOneForm, PlaceMembershipForm
from quartier.reach.leadership import leadership_path
from quartier.reach.models import KeyPerson, PlaceKind, PlaceMembership
from quartier.reach.scope import places_visible_to
from quartier.reach.services.one_to_ones import FollowUp
from quartier.reach.views.common import base_context, reach_organisation


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def contact_filters(request: HttpRequest) -> selectors.ContactFilter:
    return selectors.ContactFilter(
        q=request.GET.get("q", "").strip()[:100],
        neighbourhood=request.GET.get("neighbourhood", "")[:200],
        place=_int(request.GET.get("place")),
        target_group=_int(request.GET.get("target_group")),
        language=request.GET.get("language", "").strip()[:20],
        key_persons_only=request.GET.get("key") == "1",
    )


@login_required
def contact_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    filters = contact_filters(request)
    contacts = selectors.contact_list_for_user(
        user=request.user, organisation=organisation, filters=filters
    )
    context = base_context(request, organisation, "people") | {
        "contacts": contacts[:300],
        "total": contacts.count(),
        "filters": filters,
        "neighbourhoods": selectors.neighbourhoods(organisation=organisation),
        "places": places_visible_to(request.user, organisation),
        "target_groups": selectors.target_groups(organisation=organisation),
        "can_export": request.user.has_perm("reach.import_contacts", organisation),
        "query": request.GET.urlencode(),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "contact-results":
        return render(request, "reach/contact_list.html#contact-results", context)
    return render(request, "reach/contact_list.html", context)


@login_required
def contact_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.add_contact")
    form = ContactForm(request.POST or None, show_confirm=request.method == "POST")
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_duplicate"}
        duplicates = services.contact_duplicates(
            organisation=organisation,
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
        )
        if not duplicates or form.cleaned_data.get("confirm_duplicate"):
            try:
                contact = services.contact_create(
                    organisation=organisation, actor=request.user, **data
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("%(name)s was added.") % {"name": contact.full_name})
                return redirect(contact.get_absolute_url())
    return render(
        request,
        "reach/contact_form.html",
        base_context(request, organisation, "people")
        | {
            "form": form,
            "duplicates": duplicates,
        },
    )


@login_required
def contact_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="reach.change_contact"
    )
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(contact.get_absolute_url())
    return render(
        request,
        "reach/contact_form.html",
        base_context(request, organisation, "people")
        | {
            "form": form,
            "contact": contact,
        },
    )


@login_required
def contact_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(user=request.user, organisation=organisation, pk=pk)
    if contact.is_erased:
        raise PermissionDenied
    services.contact_viewed(contact=contact, actor=request.user)
    user = request.user
    places = places_visible_to(user, organisation)
    return render(
        request,
        "reach/contact_detail.html",
        base_context(request, organisation, "people")
        | {
            "contact": contact,
            "timeline": selectors.contact_timeline(contact=contact),
            "groups": selectors.contact_groups(contact=contact),
            "memberships": contact.place_memberships.select_related("place"),
            "key_roles": contact.key_roles.select_related("place", "group"),
            "target_groups": contact.target_groups.all(),
            "path": leadership_path(contact=contact),
            "tasks": [t for o in contact.one_to_ones.all() for t in tasks_for_source(source=o)],
            "can_change": user.has_perm("reach.change_contact", contact),
            "can_record": user.has_perm("reach.record_one_to_one", contact),
            "can_mark": user.has_perm("reach.mark_key_person", contact),
            "can_export": user.has_perm("reach.export_contact", contact),
            "can_erase": user.has_perm("reach.erase_contact", contact),
            "access_entries": selectors.access_log(contact=contact)[:20]
            if user.has_perm("reach.view_access_log", contact)
            else None,
            "membership_form": PlaceMembershipForm(places=places, prefix="membership"),
            "key_form": KeyPersonForm(
                places=places,
                groups=selectors.group_choices(organisation=organisation),
                prefix="key",
            ),
            "place_kinds": PlaceKind,
        },
    )


@login_required
def one_to_one_create(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="reach.record_one_to_one"
    )
    form = OneToOneForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        follow_ups = [
            FollowUp(
                title=data[f"follow_up_{n}"],
                due_on=data[f"follow_up_{n}_due"],
                by_contact=data[f"follow_up_{n}_by_contact"],
            )
            for n in (1, 2)
            if data.get(f"follow_up_{n}")
        ]
        try:
            services.one_to_one_record(
                contact=contact,
                actor=request.user,
                held_on=data["held_on"],
                readiness=data["readiness"],
                held_by=data.get("held_by"),
                interests=data["interests"],
                concerns=data["concerns"],
                motivation=data["motivation"],
                notes=data["notes"],
                process=data.get("process"),
                follow_ups=follow_ups,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The one-to-one was recorded."))
            return redirect(contact.get_absolute_url())
    return render(
        request,
        "reach/one_to_one_form.html",
        base_context(request, organisation, "people")
        | {
            "form": form,
            "contact": contact,
        },
    )


@login_required
@require_POST
def contact_place_add(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="reach.change_contact"
    )
    form = PlaceMembershipForm(
        request.POST, places=places_visible_to(request.user, organisation), prefix="membership"
    )
    if form.is_valid():
        services.place_membership_add(
            place=form.cleaned_data["place"],
            contact=contact,
            actor=request.user,
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Place added."))
    else:
        messages.error(request, _("Please choose a place."))
    return redirect(contact.get_absolute_url())


@login_required
@require_POST
def contact_place_remove(
    request: HttpRequest, org_slug: str, pk: int, membership_id: int
) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="reach.change_contact"
    )
    membership = get_object_or_404(PlaceMembership, pk=membership_id, contact=contact)
    services.place_membership_remove(membership=membership, actor=request.user)
    messages.success(request, _("Place removed."))
    return redirect(contact.get_absolute_url())


@login_required
@require_POST
def key_person_add(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="reach.mark_key_person"
    )
    form = KeyPersonForm(
        request.POST,
        places=places_visible_to(request.user, organisation),
        groups=selectors.group_choices(organisation=organisation),
        prefix="key",
    )
    if form.is_valid():
        try:
            services.key_person_mark(
                contact=contact,
                actor=request.user,
                place=form.cleaned_data["place"],
                group=form.cleaned_data["group"],
                since=form.cleaned_data["since"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(name)s is now marked as key person.") % {"name": contact.full_name}
            )
    else:
        messages.error(
            request,
            " ".join(str(e) for e in form.non_field_errors()) or _("Please check the form."),
        )
    return redirect(contact.get_absolute_url())


@login_required
@require_POST
def key_person_remove(request: HttpRequest, org_slug: str, pk: int, key_id: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    contact = selectors.contact_get_for_user(
        user=request.user, organisation=organisation, pk=pk, perm="reach.mark_key_person"
    )
    key_person = get_object_or_404(KeyPerson, pk=key_id, contact=contact)
    services.key_person_unmark(key_person=key_person, actor=request.user)
    messages.success(request, _("Key person mark removed."))
    return redirect(contact.get_absolute_url())


@login_required
def follow_ups_due(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug)
    tasks = tasks_due_for_user(user=request.user, organisation=organisation).select_related(
        "owner", "owner_contact"
    )
    return render(
        request,
        "reach/follow_ups.html",
        base_context(request, organisation, "follow_ups")
        | {
            "tasks": tasks,
        },
    )


@login_required
@require_POST
def follow_up_done(request: HttpRequest, org_slug: str, task_id: int) -> HttpResponse:
    from quartier.followups.models import TaskStatus
    from quartier.followups.services import task_set_status

    organisation = reach_organisation(request, org_slug)
    task = get_object_or_404(
        tasks_due_for_user(user=request.user, organisation=organisation, until=None), pk=task_id
    )
    task_set_status(task=task, actor=request.user, status=TaskStatus.DONE)
    messages.success(request, _("“%(title)s” is done.") % {"title": task.title})
    return redirect("reach:follow_ups", org_slug=org_slug)
