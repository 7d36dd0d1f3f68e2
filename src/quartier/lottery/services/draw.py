"""Step 3: the stage-one draw of who gets a letter, from the eligible register rows.

The seed is a public number announced before the draw (a lottery result, dice thrown at
a public meeting); the same seed and extracts give the same letters, and the audit
record keeps what is needed to check that: the hash of the eligible rows in draw order,
strata, sizes and the allocation per stratum.
"""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import quartier
from quartier.audit.services import audit_record
from quartier.core.errors import DomainError
from quartier.engine.sortition import InvitationResult, invite
from quartier.engine.sortition.eligibility import (
    AGE_BAND_COLUMN,
    REGISTER_COLUMN,
    combine_registers,
    make_up,
)
from quartier.engine.sortition.errors import SortitionError
from quartier.lottery import codes, storage
from quartier.lottery.models import ExtractKind, ExtractStatus, Letter, Lottery
from quartier.lottery.services.extracts import extract_eligible_frame

STRATUM_COLUMNS = {"register": REGISTER_COLUMN, "age_band": AGE_BAND_COLUMN, "sex": "sex"}
FEATURES = ("register", "age_band", "sex")


def _eligible(lottery: Lottery, kind: str) -> pl.DataFrame | None:
    by_municipality: dict[str, list[pl.DataFrame]] = {}
    for extract in lottery.extracts.filter(kind=kind, status=ExtractStatus.IMPORTED).select_related(
        "municipality"
    ):
        by_municipality.setdefault(extract.municipality.name, []).append(
            extract_eligible_frame(extract)
        )
    if not by_municipality:
        return None
    frames = {
        name: pl.concat(parts, how="diagonal_relaxed") for name, parts in by_municipality.items()
    }
    return combine_registers(frames)


def _draw(
    lottery: Lottery, frame: pl.DataFrame, size: int, seed: str, kind: str
) -> tuple[InvitationResult, str]:
    path = storage.lottery_dir(lottery.pk) / f"eligible-{kind}.csv"
    frame.with_columns(pl.col("birth_date").cast(pl.Utf8)).write_csv(path)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        result = invite(
            path,
            size,
            [STRATUM_COLUMNS[s] for s in lottery.strata] or [REGISTER_COLUMN],
            seed=seed,
            household_column="household" if lottery.one_per_household else None,
            oversample=lottery.oversample or None,
        )
    finally:
        path.unlink(missing_ok=True)
    return result, digest


@transaction.atomic
def invitations_draw(*, lottery: Lottery, actor: Any, seed: str, announced: str) -> int:
    """Draw the letters' addressees; returns how many letters there are."""
    lottery = Lottery.objects.select_for_update().get(pk=lottery.pk)
    seed = seed.strip()
    if not seed:
        raise DomainError(_("Enter the announced number."), code="no_seed")
    if lottery.invited_at is not None:
        raise DomainError(_("The invitations have already been drawn."), code="already_drawn")
    if lottery.extracts.filter(status=ExtractStatus.IMPORTING).exists():
        raise DomainError(
            _("An extract is still being imported. Wait until it is done."), code="import_running"
        )
    plan = [(ExtractKind.REGISTER, lottery.letters_count)]
    if lottery.new_residents_letters:
        plan.append((ExtractKind.NEW_RESIDENTS, lottery.new_residents_letters))
    audit: dict[str, Any] = {
        "seed": seed,
        "announced": announced.strip()[:300],
        "strata": list(lottery.strata),
        "min_age": lottery.min_age,
        "reference_date": lottery.event_date.isoformat(),
        "one_per_household": lottery.one_per_household,
        "oversample": dict(lottery.oversample),
        "software": f"quartier {quartier.__version__}",
        "lists": [],
    }
    number = 0
    used: set[str] = set()
    letters: list[Letter] = []
    municipalities = {m.name: m for m in lottery.municipalities.all()}
    for kind, size in plan:
        frame = _eligible(lottery, kind)
        if frame is None or frame.height == 0:
            if kind == ExtractKind.REGISTER:
                raise DomainError(
                    _("There is no imported register extract with eligible people yet."),
                    code="no_register",
                )
            continue
        if kind == ExtractKind.REGISTER:
            lottery.population = {"total": frame.height} | make_up(
                frame, list(STRATUM_COLUMNS.values())
            )
        try:
            result, digest = _draw(lottery, frame, size, seed, kind)
        except SortitionError as error:
            if error.code == "unknown_stratum":
                raise DomainError(
                    _(
                        "No stratum matches “%(value)s” in the oversampling. Use a value such as 16-24 or a municipality's name."
                    ),
                    code=error.code,
                    value=error.params.get("value", ""),
                ) from None
            raise DomainError(
                _("The draw failed: %(reason)s"), code=error.code, reason=error.message
            ) from None
        audit["lists"].append(
            {
                "kind": str(kind),
                "eligible_rows": result.register_rows,
                "eligible_sha256": digest,
                "size": size,
                "invited": result.invited.height,
                "allocation": [a.__dict__ for a in result.allocation],
            }
        )
        for row in result.invited.iter_rows(named=True):
            number += 1
            code = codes.new_code()
            while code in used or Letter.objects.filter(code=code).exists():
                code = codes.new_code()
            used.add(code)
            features = {key: str(row.get(STRATUM_COLUMNS[key]) or "") for key in FEATURES}
            letters.append(
                Letter(
                    lottery=lottery,
                    municipality=municipalities[row[REGISTER_COLUMN]],
                    kind=kind,
                    number=number,
                    code=code,
                    stratum=" / ".join(features[s] for s in lottery.strata if s in features),
                    features=features,
                    given_name=row["given_name"] or "",
                    family_name=row["family_name"] or "",
                    street=f"{row['street']} {row['house_number'] or ''}".strip(),
                    postcode=row["postcode"] or "",
                    city=row["city"] or "",
                )
            )
    Letter.objects.bulk_create(letters, batch_size=2000)
    lottery.invitation_seed = seed
    lottery.invitation_audit = audit
    lottery.invited_at = timezone.now()
    lottery.save(update_fields=["invitation_seed", "invitation_audit", "invited_at", "population"])
    audit_record(
        action="lottery.invitations_drawn",
        actor=actor,
        organisation=lottery.process.organisation,
        target=lottery,
        data={"seed": seed, "letters": len(letters), "lists": [x["kind"] for x in audit["lists"]]},
    )
    return len(letters)
