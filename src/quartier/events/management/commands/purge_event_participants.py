"""Run the retention purge by hand (the worker does it periodically)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartier.events.retention import events_due_for_purge, events_participants_purge


class Command(BaseCommand):
    help = "Delete participants' personal data of every event past its retention date."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the events that are due."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if dry_run:
            for event in events_due_for_purge():
                self.stdout.write(f"{event.pk}\t{event.participants_purge_on:%Y-%m-%d}\t{event}")
            return
        count = events_participants_purge()
        self.stdout.write(f"Purged participant data of {count} event(s).")
