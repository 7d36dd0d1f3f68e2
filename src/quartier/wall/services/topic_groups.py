"""Topic groups: created from cards, joined on phones (never beyond capacity), optionally
filled from wishes by the grouping engine, and carried on as standing groups."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.events import adapters
from quartier.events.live import event_lock, live_append
from quartier.events.models import Event, Participant, Room, TimeSlot
from quartier.events.receipts import run_once
from quartier.formats.manifest import Tool
from quartier.wall.errors import WallError
from quartier.wall.models import Card, GroupWish, TopicGroup, TopicGroupMember
from quartier.wall.payloads import group_data
from quartier.wall.services.guards import require_tool


def _publish(group: TopicGroup) -> None:
    live_append(event_id=group.event_id, kind="group", data=group_data(group))


@transaction.atomic
def topic_group_create(
    *,
    event: Event,
    actor: Any,
    title: str = "",
    card: Card | None = None,
    host: str = "",
    room: Room | None = None,
    slot: TimeSlot | None = None,
    capacity: int | None = None,
) -> TopicGroup:
    locked = event_lock(event.pk)
    title = " ".join((title or (card.title if card else "")).split())[:120]
    if not title:
        raise WallError(_("Please give the group a title."), code="group_title_missing")
    for thing in (card, room, slot):
        if thing is not None and thing.event_id != locked.pk:  # type: ignore[attr-defined]
            raise WallError(_("That belongs to another event."), code="group_foreign")
    if capacity is not None and capacity < 1:
        raise WallError(_("A capacity must be at least 1."), code="group_capacity")
    group = TopicGroup.objects.create(
        event=locked,
        card=card,
        title=title,
        host=host.strip()[:100],
        room=room,
        slot=slot,
        capacity=capacity,
    )
    _publish(group)
    audit_record(
        action="wall.group_create",
        actor=actor,
        organisation=locked.process.organisation,
        target=group,
    )
    return group


def topic_group_join(
    *, group: TopicGroup, participant: Participant, token: object
) -> dict[str, Any]:
    """Join a group. Full groups refuse (checked with the event locked, so two phones
    racing for the last place cannot both get it); one group per time slot."""

    def perform(locked: Event) -> dict[str, Any]:
        require_tool(locked, Tool.GROUPS)
        current = TopicGroup.objects.get(pk=group.pk)
        if current.event_id != participant.event_id:
            raise WallError(_("That group belongs to another event."), code="group_foreign")
        if current.members.filter(participant=participant).exists():
            return {"group": current.pk}
        if current.capacity is not None and current.members.count() >= current.capacity:
            raise WallError(_("This group is full. Please choose another one."), code="group_full")
        slot_key = str(current.slot_id or "")
        TopicGroupMember.objects.filter(
            participant=participant, slot_key=slot_key
        ).delete()  # switching groups
        TopicGroupMember.objects.create(
            topic_group=current, participant=participant, slot_key=slot_key
        )
        for other in TopicGroup.objects.filter(event=locked, slot_id=current.slot_id):
            _publish(other)
        return {"group": current.pk}

    return run_once(
        event_id=group.event_id,
        token=token,
        participant=participant,
        action="group",
        perform=perform,
    )


@transaction.atomic
def topic_group_leave(*, group: TopicGroup, participant: Participant) -> None:
    event_lock(group.event_id)
    if TopicGroupMember.objects.filter(topic_group=group, participant=participant).delete()[0]:
        _publish(group)


@transaction.atomic
def topic_group_idea(
    *, group: TopicGroup, actor: Any, what: str, who: str, first_step: str, when: str
) -> TopicGroup:
    """Fill the project idea card: what, who, first step, when (seed 003)."""
    event_lock(group.event_id)
    group = TopicGroup.objects.get(pk=group.pk)
    group.idea_what, group.idea_who = what.strip(), who.strip()
    group.idea_first_step, group.idea_when = first_step.strip(), when.strip()[:200]
    group.save(update_fields=["idea_what", "idea_who", "idea_first_step", "idea_when"])
    _publish(group)
    return group


@transaction.atomic
def group_wishes_set(*, participant: Participant, groups: Sequence[TopicGroup]) -> None:
    """Store the participant's wishes in order: the first group is rank 1."""
    require_tool(event_lock(participant.event_id), Tool.GROUPS)
    GroupWish.objects.filter(participant=participant).delete()
    mine = [g for g in dict.fromkeys(groups) if g.event_id == participant.event_id]
    GroupWish.objects.bulk_create(
        GroupWish(participant=participant, topic_group=g, rank=rank)
        for rank, g in enumerate(mine, start=1)
    )


@transaction.atomic
def topic_groups_assign(*, event: Event, actor: Any) -> str:
    """Place everyone who ranked groups, one group per time slot, by the grouping engine
    (worst rank first, then the sum of ranks). Slots a person already chose a group in
    stay as they are."""
    locked = event_lock(event.pk)
    groups = list(TopicGroup.objects.filter(event=locked))
    slot_of = {g.pk: str(g.slot_id or "") for g in groups}
    slots = set(slot_of.values())
    taken: dict[int, set[str]] = {}
    for pid, slot_key in TopicGroupMember.objects.filter(topic_group__event=locked).values_list(
        "participant_id", "slot_key"
    ):
        taken.setdefault(pid, set()).add(slot_key)
    wishes: dict[str, list[str]] = {}
    for pid, gid in (
        GroupWish.objects.filter(topic_group__event=locked)
        .order_by("participant_id", "rank")
        .values_list("participant_id", "topic_group_id")
    ):
        if taken.get(pid, set()) >= slots or slot_of[gid] in taken.get(pid, set()):
            continue  # placed in every slot already, or in this group's slot
        wishes.setdefault(str(pid), []).append(str(gid))
    if not wishes:
        raise WallError(_("Nobody has stated wishes yet."), code="no_wishes")
    specs = [
        adapters.GroupSpec(
            id=str(g.pk),
            capacity=(g.capacity - g.members.count()) if g.capacity is not None else len(wishes),
            slot=str(g.slot_id or ""),
        )
        for g in groups
    ]
    seed = secrets.randbits(48)
    # Everyone gets one group in every time slot that has groups.
    placement, algorithm = adapters.assign_groups(wishes, specs, seed, attendance=len(slots))
    for participant_key, group_keys in placement.items():
        for group_key in group_keys:
            group = next(g for g in groups if str(g.pk) == group_key)
            TopicGroupMember.objects.get_or_create(
                participant_id=int(participant_key),
                slot_key=str(group.slot_id or ""),
                defaults={"topic_group": group, "assigned": True},
            )
    for group in groups:
        _publish(group)
    audit_record(
        action="wall.groups_assign",
        actor=actor,
        organisation=locked.process.organisation,
        target=locked,
        data={"seed": seed, "algorithm": algorithm, "people": len(wishes)},
    )
    return algorithm


@transaction.atomic
def topic_group_make_standing(
    *, group: TopicGroup, actor: Any, goal: str, mission: str, moderator: Any = None
) -> Any:
    """Carry the topic group on as a standing group of the process."""
    from quartier.groups.services import group_create

    event = event_lock(group.event_id)
    group = TopicGroup.objects.get(pk=group.pk)
    if group.standing_group_id:
        raise WallError(
            _("This topic group already carries on as a standing group."),
            code="group_already_standing",
        )
    from quartier.groups.services import carry_on_contacts

    # Those who chose to carry on (with consent) and members known from their account.
    contacts = carry_on_contacts(topic_group=group)
    standing = group_create(
        process=event.process,
        actor=actor,
        title=group.title,
        goal=goal or group.idea_what,
        mission=mission,
        moderator=moderator,
        contacts=contacts,
        source=group,
    )
    group.standing_group = standing
    group.save(update_fields=["standing_group"])
    return standing
