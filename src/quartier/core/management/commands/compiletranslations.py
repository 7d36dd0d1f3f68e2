"""Compile every .po file below the package into .mo with Babel.

Django's own ``compilemessages`` needs GNU gettext's ``msgfmt`` on the machine; this
does the same in pure Python so ``make run`` works on a machine with nothing installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand

import quartier


class Command(BaseCommand):
    help = "Compile the .po translation catalogues of Quartier into .mo files."

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(quartier.__file__).parent
        count = 0
        for po_path in sorted(root.rglob("locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parent.parent.name)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
