"""Reach fixtures: an organisation with one person per role and people inside/outside a group."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest


@pytest.fixture
def reach(organisation: Any, admin: Any, process: Any, make_member: Any) -> SimpleNamespace:
    from quartier.groups.models import Group, GroupMember
    from quartier.reach.services import contact_create

    organizer = make_member(organisation, "organizer", email="orga@example.org", name="Olga Orga")
    moderator = make_member(organisation, "moderator", email="mod@example.org", name="Mo Moderat")
    participant = make_member(
        organisation, "participant", email="teil@example.org", name="Tim Teil"
    )
    inside = contact_create(
        organisation=organisation,
        actor=organizer,
        full_name="Ayşe Yıldız",
        email="ayse.yildiz@example.org",
        phone="+49 170 5550101",
        neighbourhood="Nordkiez",
        languages="de, tr",
        legal_basis="consent",
        consent_given_on=date(2026, 1, 10),
    )
    outside = contact_create(
        organisation=organisation,
        actor=organizer,
        full_name="Bernd Außenseiter",
        email="bernd@example.org",
        legal_basis="legitimate_interest",
    )
    group = Group.objects.create(
        process=process, title="Gartengruppe Nordkiez", moderator=moderator
    )
    GroupMember.objects.create(group=group, contact=inside)
    return SimpleNamespace(
        organisation=organisation,
        process=process,
        admin=admin,
        organizer=organizer,
        moderator=moderator,
        participant=participant,
        inside=inside,
        outside=outside,
        group=group,
    )
