"""Step 2: register extracts. Upload (head only), column mapping, then the import as a
background task with progress; eligibility is applied on the parsed rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.engine.sortition.eligibility import (
    AGE_BAND_COLUMN,
    AGE_COLUMN,
    EligibilityRules,
    age_band,
    apply_eligibility,
    make_up,
    summarize,
)
from quartier.engine.sortition.errors import SortitionError
from quartier.lottery import register, storage
from quartier.lottery.models import ExtractStatus, Job, Lottery, Municipality, RegisterExtract
from quartier.lottery.population_figures import OFFICIAL_BAND_COLUMN, OFFICIAL_BANDS
from quartier.lottery.services.jobs import job_create, job_fail, job_finish, job_progress

MAX_UPLOAD = 1024 * 1024 * 1024  # 1 GB: a city's extract is a few hundred MB


def _frozen(lottery: Lottery) -> None:
    if lottery.invited_at is not None:
        raise DomainError(
            _("The invitations have been drawn: extracts can no longer change."),
            code="settings_frozen",
        )


def extract_upload(
    *,
    lottery: Lottery,
    municipality: Municipality,
    actor: Any,
    filename: str,
    chunks: Any,
    kind: str = "register",
) -> RegisterExtract:
    """Store the file and read its head; a broken file is refused and removed at once."""
    _frozen(lottery)
    register.kind_of(filename)
    extract = RegisterExtract.objects.create(
        lottery=lottery, municipality=municipality, kind=kind, filename=filename[:200]
    )
    path = storage.extract_upload_path(lottery.pk, extract.pk, filename)
    size = 0
    with path.open("wb") as handle:
        for chunk in chunks:
            size += len(chunk)
            handle.write(chunk)
    try:
        head = register.read_head(path, filename)
    except DomainError:
        path.unlink(missing_ok=True)
        extract.delete()
        raise
    extract.path = str(path)
    extract.size = size
    extract.headers = head.headers
    extract.sample = head.sample[:5]
    extract.encoding = head.encoding
    extract.delimiter = head.delimiter
    extract.mapping = {
        "columns": register.guess_mapping(head.headers),
        "postcodes": [],
        "exclude": [],
    }
    extract.save()
    audit_record(
        action="lottery.extract_uploaded",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"extract": extract.pk, "municipality": municipality.name, "bytes": size},
    )
    return extract


def extract_configure(
    *,
    extract: RegisterExtract,
    columns: dict[str, int | None],
    postcodes: list[str],
    exclude: list[str],
    encoding: str = "",
) -> RegisterExtract:
    _frozen(extract.lottery)
    missing = register.missing_fields(columns)
    if missing:
        raise DomainError(
            _("Choose a column for “%(field)s”."),
            code="missing_column",
            field=str(missing[0].label),
        )
    if encoding and extract.encoding != "xlsx" and encoding != extract.encoding:
        try:
            with Path(extract.path).open("rb") as handle:
                handle.read(register.SAMPLE_BYTES).decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise DomainError(
                _("The file cannot be read as %(encoding)s. Choose another encoding."),
                code="bad_encoding",
                encoding=encoding,
            ) from None
        extract.encoding = encoding
    extract.mapping = {"columns": columns, "postcodes": postcodes, "exclude": exclude}
    extract.save(update_fields=["mapping", "encoding"])
    return extract


def extract_import_start(*, extract: RegisterExtract, actor: Any) -> Job:
    """Queue the import; small and big files alike run as a background task."""
    from quartier.lottery.tasks import import_extract

    _frozen(extract.lottery)
    if register.missing_fields(extract.mapping.get("columns", {})):
        raise DomainError(_("Map the columns first."), code="missing_column")
    with transaction.atomic():
        extract.status = ExtractStatus.IMPORTING
        extract.save(update_fields=["status"])
        job = job_create(lottery=extract.lottery, kind="import", target_id=extract.pk)
        audit_record(
            action="lottery.extract_import_started",
            actor=actor,
            organisation=extract.lottery.process.organisation,
            target=extract.lottery,
            data={"extract": extract.pk},
        )
    import_extract.enqueue(job.pk)
    return job


def eligibility_rules(lottery: Lottery, extract: RegisterExtract) -> EligibilityRules:
    return EligibilityRules(
        reference_date=lottery.event_date,
        min_age=lottery.min_age,
        areas=frozenset(extract.mapping.get("postcodes") or ()),
        exclude=frozenset(extract.mapping.get("exclude") or ()),
    )


def with_eligibility(
    lottery: Lottery, extract: RegisterExtract, frame: pl.DataFrame
) -> pl.DataFrame:
    columns = extract.mapping.get("columns", {})
    return apply_eligibility(
        frame,
        eligibility_rules(lottery, extract),
        birth_date_column="birth_date" if columns.get("birth_date") is not None else None,
        age_column="age" if columns.get("age") is not None else None,
        area_column="postcode",
        id_column="person_id",
    )


def extract_import_run(*, job: Job) -> None:
    """The task body: parse in batches with progress, keep a Parquet copy, summarise."""
    extract = RegisterExtract.objects.select_related("lottery", "municipality").get(
        pk=int(job.target_id or 0)
    )
    lottery = extract.lottery
    path = Path(extract.path)
    try:
        total = max(register.count_lines(path) - 1, 1) if extract.encoding != "xlsx" else 0
        job_progress(job=job, done=0, total=total)
        parsed = register.parse_extract(
            path,
            extract.filename,
            encoding=extract.encoding,
            delimiter=extract.delimiter,
            mapping=extract.mapping.get("columns", {}),
            headers=extract.headers,
            progress=lambda done: job_progress(job=job, done=done, total=max(total, done)),
        )
        frame = parsed.frame.with_columns(pl.col("city").replace("", extract.municipality.name))
        frame.write_parquet(storage.extract_parsed_path(lottery.pk, extract.pk))
        checked = with_eligibility(lottery, extract, frame)
        summary = summarize(checked)
        eligible = checked.filter(pl.col("ineligible_reason") == "")
    except (DomainError, SortitionError, pl.exceptions.PolarsError, OSError) as error:
        extract.status = ExtractStatus.FAILED
        extract.save(update_fields=["status"])
        job_fail(job=job, error={"message": str(error)})
        return
    path.unlink(missing_ok=True)  # the Parquet copy is all the draw needs
    extract.status = ExtractStatus.IMPORTED
    extract.rows = parsed.rows
    extract.eligible = summary.eligible
    extract.reasons = dict(summary.reasons)
    extract.errors = parsed.errors
    extract.error_count = parsed.error_count
    adults_banded = eligible.with_columns(
        age_band(pl.col(AGE_COLUMN), OFFICIAL_BANDS).alias(OFFICIAL_BAND_COLUMN)
    )
    extract.make_up = make_up(adults_banded, [AGE_BAND_COLUMN, "sex", OFFICIAL_BAND_COLUMN])
    extract.save(
        update_fields=["status", "rows", "eligible", "reasons", "errors", "error_count", "make_up"]
    )
    job.total = parsed.rows
    job_finish(job=job, message=f"{parsed.rows}")


def extract_eligible_frame(extract: RegisterExtract) -> pl.DataFrame:
    frame = pl.read_parquet(storage.extract_parsed_path(extract.lottery_id, extract.pk))
    checked = with_eligibility(extract.lottery, extract, frame)
    return checked.filter(pl.col("ineligible_reason") == "").drop("ineligible_reason")


@transaction.atomic
def extract_delete(*, extract: RegisterExtract, actor: Any) -> None:
    _frozen(extract.lottery)
    Path(extract.path).unlink(missing_ok=True) if extract.path else None
    storage.extract_parsed_path(extract.lottery_id, extract.pk).unlink(missing_ok=True)
    audit_record(
        action="lottery.extract_deleted",
        actor=actor,
        organisation=extract.lottery.process.organisation,
        target=extract.lottery,
        data={"extract": extract.pk},
    )
    extract.delete()
