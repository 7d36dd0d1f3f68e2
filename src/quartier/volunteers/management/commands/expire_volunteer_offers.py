"""Erase the details of volunteer offers past their date (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartier.volunteers.services import offers_expire


class Command(BaseCommand):
    help = "Erase the personal details of volunteer offers that have expired."

    def handle(self, *args: Any, **options: Any) -> None:
        erased = offers_expire()
        self.stdout.write(f"{erased} expired offer(s) erased.")
