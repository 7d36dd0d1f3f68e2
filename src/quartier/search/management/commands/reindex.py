from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quartier.search.services import search_reindex, uses_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index (SQLite; PostgreSQL needs no index)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organisation", type=int, help="only this organisation's id")

    def handle(self, *args: Any, **options: Any) -> None:
        if not uses_index():
            self.stdout.write("PostgreSQL searches the tables directly; nothing to rebuild.")
            return
        count = search_reindex(organisation_id=options.get("organisation"))
        self.stdout.write(f"Indexed {count} objects.")
