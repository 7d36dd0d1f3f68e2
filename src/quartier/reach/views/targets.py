from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from quartier.core.errors import DomainError
from quartier.reach import coverage, services
from quartier.reach.forms import TargetGroupForm, TargetMembersForm
from quartier.reach.models import TargetGroup
from quartier.reach.views.common import base_context, reach_organisation


@login_required
def matrix(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.view_matrix")
    rows = coverage.matrix(organisation=organisation)
    reached, members = coverage.focus_coverage(organisation=organisation)
    return render(
        request,
        "reach/matrix.html",
        base_context(request, organisation, "matrix")
        | {
            "rows": rows,
            "cells": [cell for row in rows for cell in row.cells],
            "focus_reached": reached,
            "focus_members": members,
            "can_manage": request.user.has_perm("reach.manage_targets", organisation),
        },
    )


@login_required
def target_group_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.manage_targets")
    form = TargetGroupForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.target_group_create(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error("name", str(error))
        else:
            messages.success(
                request,
                _("Target group “%(name)s” created. Now add the people who belong to it.")
                % {"name": group.name},
            )
            return redirect("reach:target_group_edit", org_slug=org_slug, pk=group.pk)
    return render(
        request,
        "reach/target_group_form.html",
        base_context(request, organisation, "matrix")
        | {
            "form": form,
        },
    )


@login_required
def target_group_edit(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = reach_organisation(request, org_slug, perm="reach.manage_targets")
    group = get_object_or_404(TargetGroup, organisation=organisation, pk=pk)
    is_members = request.method == "POST" and "save_members" in request.POST
    form = TargetGroupForm(
        request.POST if request.method == "POST" and not is_members else None,
        instance=group,
        organisation=organisation,
    )
    members_form = TargetMembersForm(
        request.POST if is_members else None,
        organisation=organisation,
        initial={"members": list(group.members.values_list("pk", flat=True))},
    )
    if is_members and members_form.is_valid():
        services.target_group_members_set(
            target_group=group, actor=request.user, contacts=members_form.cleaned_data["members"]
        )
        messages.success(request, _("People saved."))
        return redirect("reach:matrix", org_slug=org_slug)
    if request.method == "POST" and not is_members and form.is_valid():
        try:
            services.target_group_update(
                target_group=group, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("reach:matrix", org_slug=org_slug)
    return render(
        request,
        "reach/target_group_form.html",
        base_context(request, organisation, "matrix")
        | {
            "form": form,
            "members_form": members_form,
            "group": group,
        },
    )
