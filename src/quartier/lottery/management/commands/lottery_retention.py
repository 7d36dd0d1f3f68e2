"""Delete register data and registrations that are due (run daily from a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartier.lottery.services.retention import retention_sweep


class Command(BaseCommand):
    help = "Delete lottery register data and registrations whose retention date has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        done = retention_sweep()
        self.stdout.write(f"lottery retention: {len(done)} deletion(s) {', '.join(done)}")
