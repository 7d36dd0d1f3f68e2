"""Lottery permissions: only organizers (and admins) of the process's organisation.

Register data is personal data of people who never agreed to anything; moderators and
participants on the process team do not see it (tested in tests/lottery/test_permissions.py).
"""

from __future__ import annotations

import rules

from quartier.processes.rules import is_process_admin, is_process_organizer

rules.add_perm("lottery.manage_lottery", is_process_organizer)  # object: the process
rules.add_perm("lottery.delete_register", is_process_organizer)
rules.add_perm("lottery.delete_lottery", is_process_admin)
