from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.accounts.forms import SetPasswordAndNameForm
from quartier.audit.selectors import audit_entries_for_organisation
from quartier.core.errors import DomainError
from quartier.core.http import AuthenticatedRequest
from quartier.organisations import selectors, services
from quartier.organisations.forms import InvitationForm, OrganisationForm, RoleForm
from quartier.organisations.models import Membership, Role


@login_required
def organisation_create(request: AuthenticatedRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            creator=request.user,
        )
        messages.success(
            request, _("Your organisation has been created. Next: start a first process.")
        )
        return redirect("processes:list", org_slug=organisation.slug)
    return render(request, "organisations/organisation_form.html", {"form": form})


@login_required
def organisation_edit(request: AuthenticatedRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(
        user=request.user, slug=org_slug, perm="organisations.change_organisation"
    )
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=organisation,
            actor=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Changes saved."))
        return redirect("processes:list", org_slug=organisation.slug)
    return render(
        request,
        "organisations/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "nav": "settings",
        },
    )


@login_required
def member_list(request: AuthenticatedRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(
        user=request.user, slug=org_slug, perm="organisations.view_members"
    )
    can_manage = request.user.has_perm("organisations.manage_members", organisation)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                    language=get_language(),
                )
            except DomainError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
                )
                return redirect("organisations:members", org_slug=organisation.slug)
    return render(
        request,
        "organisations/member_list.html",
        {
            "organisation": organisation,
            "memberships": selectors.membership_list(organisation=organisation),
            "invitations": selectors.invitation_list_open(organisation=organisation)
            if can_manage
            else [],
            "form": form,
            "can_manage": can_manage,
            "role_choices": Role.choices,
            "nav": "members",
        },
    )


def _managed_membership(
    request: AuthenticatedRequest, org_slug: str, membership_id: int
) -> Membership:
    organisation = selectors.organisation_get_for_user(
        user=request.user, slug=org_slug, perm="organisations.manage_members"
    )
    return get_object_or_404(Membership, pk=membership_id, organisation=organisation)


@login_required
@require_POST
def member_set_role(
    request: AuthenticatedRequest, org_slug: str, membership_id: int
) -> HttpResponse:
    membership = _managed_membership(request, org_slug, membership_id)
    form = RoleForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.membership_set_role(
                membership=membership, role=form.cleaned_data["role"], actor=request.user
            )
        except DomainError as exc:
            error = str(exc)
    else:
        error = _("Please choose a role.")
    if request.headers.get("HX-Request"):
        membership.refresh_from_db()
        return render(
            request,
            "organisations/member_list.html#member-row",
            {
                "membership": membership,
                "organisation": membership.organisation,
                "can_manage": True,
                "row_error": error,
                "row_saved": not error,
                "role_choices": Role.choices,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Role changed."))
    return redirect("organisations:members", org_slug=org_slug)


@login_required
def member_remove(request: AuthenticatedRequest, org_slug: str, membership_id: int) -> HttpResponse:
    membership = _managed_membership(request, org_slug, membership_id)
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s was removed from the organisation.") % {"name": membership.user},
            )
        return redirect("organisations:members", org_slug=org_slug)
    return render(
        request,
        "core/confirm.html",
        {
            "organisation": membership.organisation,
            "title": _("Remove member"),
            "question": _("Remove %(name)s from %(org)s? They lose access to all its processes.")
            % {"name": membership.user, "org": membership.organisation},
            "confirm_label": _("Remove"),
            "cancel_url": reverse("organisations:members", args=[org_slug]),
        },
    )


@login_required
@require_POST
def invitation_revoke(
    request: AuthenticatedRequest, org_slug: str, invitation_id: int
) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(
        user=request.user, slug=org_slug, perm="organisations.manage_members"
    )
    invitation = get_object_or_404(organisation.invitations, pk=invitation_id)
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("organisations:members", org_slug=org_slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_get_by_token(token=token)
    user = request.user
    logged_in_as_other = user.is_authenticated and user.email.lower() != invitation.email
    form = (
        None
        if user.is_authenticated
        else SetPasswordAndNameForm(request.POST or None, email=invitation.email)
    )
    error = ""
    if not invitation.is_open:
        error = _(
            "This invitation is no longer valid. It may have been used, withdrawn or expired. Please ask for a new one."
        )
    elif request.method == "POST" and not logged_in_as_other and (form is None or form.is_valid()):
        try:
            accepted_user = services.invitation_accept(
                invitation=invitation,
                user=user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except DomainError as exc:
            error = str(exc)
        else:
            if not user.is_authenticated:
                login(request, accepted_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %(org)s!") % {"org": invitation.organisation})
            return redirect("processes:list", org_slug=invitation.organisation.slug)
    return render(
        request,
        "organisations/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "error": error,
            "logged_in_as_other": logged_in_as_other,
        },
    )


@login_required
def audit_log(request: AuthenticatedRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(
        user=request.user, slug=org_slug, perm="organisations.view_audit_log"
    )
    entries = audit_entries_for_organisation(organisation=organisation)[:200]
    return render(
        request,
        "organisations/audit_log.html",
        {"organisation": organisation, "entries": entries, "nav": "audit"},
    )
