"""Reach permissions: a role × action matrix (tested in tests/reach/test_permissions.py).

Objects are the organisation for list-level actions and the contact for person-level ones.
"""

from __future__ import annotations

from typing import Any

import rules

from quartier.organisations.models import Organisation, Role
from quartier.organisations.rules import is_org_admin, is_org_organizer, role_in
from quartier.reach.models import Contact
from quartier.reach.scope import contacts_visible_to


@rules.predicate
def is_org_moderator(user: Any, organisation: Organisation | None) -> bool:
    return role_in(user, organisation) == Role.MODERATOR


@rules.predicate
def can_see_contact(user: Any, contact: Contact | None) -> bool:
    if contact is None:
        return False
    return contacts_visible_to(user, contact.organisation).filter(pk=contact.pk).exists()


@rules.predicate
def organizes_contact_org(user: Any, contact: Contact | None) -> bool:
    return contact is not None and bool(is_org_organizer(user, contact.organisation))


@rules.predicate
def administers_contact_org(user: Any, contact: Contact | None) -> bool:
    return contact is not None and bool(is_org_admin(user, contact.organisation))


# Organisation-level actions (object: the organisation).
rules.add_perm("reach.view_people", is_org_organizer | is_org_moderator)
rules.add_perm("reach.add_contact", is_org_organizer)
rules.add_perm("reach.import_contacts", is_org_organizer)
rules.add_perm("reach.manage_places", is_org_organizer)
rules.add_perm("reach.manage_targets", is_org_organizer)
rules.add_perm("reach.view_matrix", is_org_organizer)
rules.add_perm("reach.review_retention", is_org_admin)

# Person-level actions (object: the contact).
rules.add_perm("reach.view_contact", can_see_contact)
rules.add_perm("reach.record_one_to_one", can_see_contact)
rules.add_perm("reach.change_contact", organizes_contact_org)
rules.add_perm("reach.mark_key_person", organizes_contact_org)
rules.add_perm("reach.export_contact", organizes_contact_org)
rules.add_perm("reach.erase_contact", administers_contact_org)
rules.add_perm("reach.view_access_log", administers_contact_org)
