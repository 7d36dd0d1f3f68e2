"""Reach writes. ``participation_record`` is the ledger API other apps call."""

from quartier.reach.services.contacts import (
    contact_create,
    contact_duplicates,
    contact_update,
    retention_extend,
)
from quartier.reach.services.ledger import participation_record, participation_withdraw
from quartier.reach.services.one_to_ones import one_to_one_record
from quartier.reach.services.places import (
    key_person_mark,
    key_person_unmark,
    place_create,
    place_membership_add,
    place_membership_remove,
    place_update,
)
from quartier.reach.services.privacy import contact_erase, contact_viewed
from quartier.reach.services.targets import (
    target_group_create,
    target_group_members_set,
    target_group_update,
)

__all__ = [
    "contact_create",
    "contact_duplicates",
    "contact_erase",
    "contact_update",
    "contact_viewed",
    "key_person_mark",
    "key_person_unmark",
    "one_to_one_record",
    "participation_record",
    "participation_withdraw",
    "place_create",
    "place_membership_add",
    "place_membership_remove",
    "place_update",
    "retention_extend",
    "target_group_create",
    "target_group_members_set",
    "target_group_update",
]
