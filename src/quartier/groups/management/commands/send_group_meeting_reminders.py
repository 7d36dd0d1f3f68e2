"""Send reminders for group meetings in the next 36 hours (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartier.groups.services.reminders import meeting_reminders_due


class Command(BaseCommand):
    help = "Send reminder e-mails for meetings of standing groups starting within 36 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = meeting_reminders_due()
        self.stdout.write(f"{sent} meeting reminder(s) sent.")
