"""Where a lottery's files live: one folder per lottery under ``DATA_DIR/lottery``.

Register extracts (raw uploads and their parsed Parquet copies) and the letters PDF hold
personal data, so they live outside the database in one folder that deletion removes
in one go.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings


def lottery_dir(lottery_id: int) -> Path:
    path = Path(settings.DATA_DIR) / "lottery" / str(lottery_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def extract_upload_path(lottery_id: int, extract_id: int, filename: str) -> Path:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "csv"
    return lottery_dir(lottery_id) / f"extract-{extract_id}.{suffix}"


def extract_parsed_path(lottery_id: int, extract_id: int) -> Path:
    return lottery_dir(lottery_id) / f"extract-{extract_id}.parquet"


def letters_path(lottery_id: int) -> Path:
    return lottery_dir(lottery_id) / "letters.pdf"


def remove_register_files(lottery_id: int) -> int:
    """Delete every extract file (raw and parsed); returns how many files went."""
    folder = Path(settings.DATA_DIR) / "lottery" / str(lottery_id)
    if not folder.exists():
        return 0
    files = [p for p in folder.iterdir() if p.name.startswith("extract-") or p.suffix == ".csv"]
    for path in files:
        path.unlink(missing_ok=True)
    return len(files)


def remove_all(lottery_id: int) -> None:
    shutil.rmtree(Path(settings.DATA_DIR) / "lottery" / str(lottery_id), ignore_errors=True)
