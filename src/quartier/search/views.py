"""The organisation's search page (a plain GET form, so it works without JavaScript)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quartier.organisations.selectors import organisation_get_for_user
from quartier.search.selectors import search_for_user
from quartier.search.services import search_logged

MAX_QUERY = 200


@login_required
def search(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, slug=org_slug)
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = search_for_user(user=request.user, organisation=organisation, query=query)
    people = [hit.object for hit in results.hits("person")]
    if people:
        search_logged(actor=request.user, organisation=organisation, people=people)
    return render(
        request,
        "search/results.html",
        {"organisation": organisation, "query": query, "results": results, "nav": "search"},
    )
