"""Organisation-wide search: what the user may see, narrowed by the full-text query.

Each kind is first limited to what the user may see (reach's scope for people and places,
the meetings, groups and process rules for the rest), then matched: through the FTS5
index on SQLite, through ``SearchVector`` on PostgreSQL. Hits are checked once more with
the object's own permission where one exists, so search never shows more than the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from quartier.followups.models import Task
from quartier.groups.models import Group
from quartier.meetings.models import Meeting
from quartier.organisations.models import Organisation, Role
from quartier.organisations.rules import role_in
from quartier.reach.scope import contacts_visible_to, places_visible_to
from quartier.search.documents import KINDS, Kind, document_for, url_for
from quartier.search.query import fts5_match, terms, tsquery

SNIPPET_LENGTH = 140
CANDIDATES = 200  # index matches per kind considered before the access filter
VIEW_PERMS = {"meeting": "meetings.view_meeting", "group": "groups.view_group"}


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    snippet: str
    url: str
    object: Any = field(repr=False, compare=False, default=None)


@dataclass
class SearchResults:
    query: str
    groups: list[tuple[Kind, list[SearchHit]]]

    @property
    def total(self) -> int:
        return sum(len(hits) for _kind, hits in self.groups)

    def hits(self, kind: str) -> list[SearchHit]:
        return next((hits for k, hits in self.groups if k.key == kind), [])


def _is_organizer(user: Any, organisation: Organisation) -> bool:
    return role_in(user, organisation) in (Role.ADMIN, Role.ORGANIZER)


def visible_objects(*, user: Any, organisation: Organisation, kind: str) -> QuerySet[Any]:
    """Candidates of one kind the user may see (a superset is re-checked per hit)."""
    if role_in(user, organisation) is None:
        return Task.objects.none()
    organizer = _is_organizer(user, organisation)
    if kind == "person":
        if not user.has_perm("reach.view_people", organisation):
            return contacts_visible_to(user, organisation).none()
        return contacts_visible_to(user, organisation).filter(erased_at__isnull=True)
    if kind == "place":
        return places_visible_to(user, organisation)
    if kind == "meeting":
        meetings = Meeting.objects.filter(organisation=organisation)
        if organizer:
            return meetings
        return meetings.filter(
            Q(process__team_memberships__user=user)
            | Q(moderator=user)
            | Q(invitees__user=user)
            | Q(group__moderator=user)
            | Q(group__members__user=user, group__members__role="moderator")
        ).distinct()
    if kind == "group":
        groups = Group.objects.filter(process__organisation=organisation, archived_at__isnull=True)
        if organizer:
            return groups
        return groups.filter(
            Q(process__team_memberships__user=user)
            | Q(moderator=user)
            | Q(members__user=user)
            | Q(members__contact__user=user)
        ).distinct()
    if kind == "task":
        tasks = Task.objects.filter(organisation=organisation, process__isnull=False)
        if organizer:
            return tasks
        return tasks.filter(process__team_memberships__user=user).distinct()
    raise ValueError(kind)


def _matching_ids_sqlite(kind: Kind, organisation: Organisation, words: list[str]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id FROM search_index WHERE search_index MATCH %s "
            "AND kind = %s AND organisation_id = %s ORDER BY rank LIMIT %s",
            [fts5_match(words), kind.key, organisation.pk, CANDIDATES],
        )
        return [int(row[0]) for row in cursor.fetchall()]


def _matches(
    kind: Kind, objects: QuerySet[Any], organisation: Organisation, words: list[str]
) -> list[Any]:
    if connection.vendor == "postgresql":
        vector = SearchVector(kind.title_field, weight="A", config="german") + SearchVector(
            *kind.body_fields, weight="B", config="german"
        )
        search = SearchQuery(tsquery(words), search_type="raw", config="german")
        plain = kind.model._default_manager.filter(pk__in=objects.values("pk"))
        return list(
            plain.annotate(search_vector=vector, search_rank=SearchRank(vector, search))
            .filter(search_vector=search)
            .order_by("-search_rank", "pk")[:CANDIDATES]
        )
    ids = _matching_ids_sqlite(kind, organisation, words)
    found = {obj.pk: obj for obj in objects.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def snippet(text: str, words: list[str]) -> str:
    """About ``SNIPPET_LENGTH`` characters of text around the first word found."""
    flat = " ".join(text.split())
    lowered = flat.casefold()
    positions = [lowered.find(word.casefold()) for word in words]
    start = min((p for p in positions if p >= 0), default=0)
    begin = max(0, start - SNIPPET_LENGTH // 3)
    piece = flat[begin : begin + SNIPPET_LENGTH]
    return ("…" if begin else "") + piece + ("…" if begin + SNIPPET_LENGTH < len(flat) else "")


def search_for_user(
    *, user: Any, organisation: Organisation, query: str, limit: int = 20
) -> SearchResults:
    """Hits per kind (at most ``limit`` each), best first, only what ``user`` may open."""
    words = terms(query)
    groups: list[tuple[Kind, list[SearchHit]]] = []
    if not words or role_in(user, organisation) is None:
        return SearchResults(query=query, groups=[])
    for kind in KINDS:
        objects = visible_objects(user=user, organisation=organisation, kind=kind.key)
        hits: list[SearchHit] = []
        for obj in _matches(kind, objects, organisation, words):
            perm = VIEW_PERMS.get(kind.key)
            if perm and not user.has_perm(perm, obj):
                continue
            document = document_for(obj)
            if document is None:
                continue
            hits.append(
                SearchHit(
                    kind=kind.key,
                    title=document.title,
                    snippet=snippet(document.body, words),
                    url=url_for(obj),
                    object=obj,
                )
            )
            if len(hits) >= limit:
                break
        if hits:
            groups.append((kind, hits))
    return SearchResults(query=query, groups=groups)
