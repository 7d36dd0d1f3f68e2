"""``quartier sortition``: select a panel, verify a draw, invite from a register, fake a register.

Thin argparse layer over :mod:`quartier.engine.sortition`; all logic lives in the engine.
Exit codes: 0 success, 1 verification failed, 2 bad input, 3 infeasible quotas. Messages
come from the engine's catalogue in German or English (``--lang``, else the locale).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quartier.commands.sortition_parser import add_sortition_parser
from quartier.engine.i18n import Translator, language_from, translator
from quartier.engine.sortition import (
    AuditRecord,
    InfeasibleQuotasError,
    SelectionResult,
    SortitionError,
    make_problem,
    read_people,
    read_quotas,
    select,
    synthesize_register,
    verify,
)
from quartier.engine.sortition.errors import located
from quartier.engine.sortition.formats import PeopleFile
from quartier.engine.sortition.households import household_columns, household_spec
from quartier.engine.sortition.invitation import invite
from quartier.engine.sortition.leximin import SolverStatus
from quartier.engine.sortition.messages import describe, say
from quartier.engine.sortition.model import SelectionProblem

EXIT_OK = 0
EXIT_NOT_CONFIRMED = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3


def register(subparsers: Any) -> None:
    handlers = {"select": _select, "verify": _verify, "invite": _invite, "synth-register": _synth}
    add_sortition_parser(subparsers, handlers)


def _translator(args: argparse.Namespace) -> Translator:
    """Messages in ``--lang`` or the locale's language (German or English)."""
    return translator(language_from(getattr(args, "lang", None)))


def _fail(error: SortitionError, tr: Translator) -> int:
    message = describe(error.code, error.params, error.message, tr)
    print(say("cli_error", tr, message=message), file=sys.stderr)
    return EXIT_INFEASIBLE if isinstance(error, InfeasibleQuotasError) else EXIT_BAD_INPUT


PROGRESS_EVERY_S = 3.0


def _progress(
    tr: Translator,
) -> tuple[Callable[[str, int, int], None], Callable[[SolverStatus], None], Callable[[], None]]:
    """A tqdm bar on a terminal; otherwise a plain stderr line every few seconds.

    Off a terminal (logs, CI, the web worker) the line names the level, the types fixed,
    the columns and the proven bound, so a long run is never silent.
    """
    if not sys.stderr.isatty():
        last = [time.monotonic()]

        def line(status: SolverStatus) -> None:
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY_S:
                return
            last[0] = now
            line = say(
                "progress_line",
                tr,
                algorithm=status.algorithm,
                level=status.level,
                fixed=status.fixed,
                types=status.types,
                columns=status.columns,
                value=f"{status.value:.6f}",
                upper=f"{status.upper:.6f}",
                elapsed=f"{status.elapsed_s:.0f}",
            )
            print(line, file=sys.stderr, flush=True)

        return (lambda stage, done, total: None), line, (lambda: None)
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="type", leave=False)
        bar.n = done
        bar.refresh()

    def status(state: SolverStatus) -> None:
        bar = bars.get(state.algorithm)
        if bar is not None:
            bar.set_postfix_str(
                f"level {state.level}, {state.columns} panels, bound {state.upper:.6f}",
                refresh=False,
            )

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return update, status, close


def _problem_from(
    args: argparse.Namespace,
    panel_size: int,
    household: str | list[str] | None,
    include: list[str],
    exclude: list[str],
) -> tuple[SelectionProblem, PeopleFile]:
    quotas = read_quotas(args.quotas)
    pool = read_people(args.people, quotas, args.id_column)
    tr = _translator(args)
    for warning in pool.warnings:
        message = describe(warning.code, warning.params, warning.message, tr)
        print(say("cli_warning", tr, message=message), file=sys.stderr)
    columns = []
    for wanted in household_columns(household):
        found = next((h for h in pool.header if h.strip().lower() == wanted.lower()), None)
        if found is None:
            raise located(
                "missing_household_column",
                f"there is no household column '{wanted}'",
                file=args.people.name,
                line=1,
                column=wanted,
                extra={"found": list(pool.header)},
            )
        columns.append(found)
    problem = make_problem(
        pool.people,
        quotas,
        panel_size,
        household_column=household_spec(columns) if columns else None,
        include=include,
        exclude=exclude,
    )
    return problem, pool


def _write_people(path: Path, pool: PeopleFile, ids: list[str] | tuple[str, ...]) -> None:
    by_id = {p.id: p for p in pool.people}
    header = list(pool.header)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if pool.id_column is None:
            writer.writerow(["id", *header])
            for pid in ids:
                writer.writerow([pid, *(by_id[pid].features.get(h, "") for h in header)])
        else:
            writer.writerow(header)
            for pid in ids:
                writer.writerow([by_id[pid].features.get(h, "") for h in header])


def _select(args: argparse.Namespace) -> int:
    tr = _translator(args)
    update, status, close = _progress(tr)
    try:
        problem, pool = _problem_from(
            args, args.panel_size, args.households, args.include, args.exclude
        )
        result = select(
            problem,
            algorithm=args.algorithm,
            panels=args.panels,
            seed=args.seed,
            progress=update,
            time_limit=args.time_limit,
            rounding_time_limit=args.rounding_time_limit,
            status=status,
        )
    except InfeasibleQuotasError as error:
        close()
        print(error.infeasibility.message(tr), file=sys.stderr)
        return EXIT_INFEASIBLE
    except SortitionError as error:
        close()
        return _fail(error, tr)
    close()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    _write_people(out / "selected.csv", pool, result.selected)
    _write_people(out / "remaining.csv", pool, result.remaining)
    with (out / "probabilities.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        # the pool's own id column name, so the file joins back onto the practitioner's sheet
        writer.writerow([pool.id_column or "id", "probability", "lottery_probability"])
        for p in problem.people:
            writer.writerow(
                [
                    p.id,
                    f"{result.distribution.probabilities[p.id]:.10f}",
                    f"{result.lottery.probabilities[p.id]:.10f}",
                ]
            )
    result.audit.save(out / "audit.json")
    print(_summary(result, out, tr))
    return EXIT_OK


def _summary(result: SelectionResult, out: Path, tr: Translator) -> str:
    """What happened, in words that do not overclaim (LEGACY has no proof, limits are named)."""
    d = result.distribution
    lottery = result.lottery
    m = lottery.size
    numbers = {
        "algorithm": d.algorithm,
        "min": f"{d.min_probability:.6f}",
        "gap": f"{d.gap:.2e}",
        "levels": len(d.certificates),
        "panels": len(d.panels),
    }
    if d.algorithm == "legacy":
        head = say("summary_legacy", tr, **numbers)
    elif d.time_limited:
        head = say("summary_time_limited", tr, **numbers)
    elif d.algorithm in ("leximin", "maximin"):
        head = say("summary_certified", tr, **numbers)
    else:
        head = say("summary_uncertified", tr, **numbers)
    rounding = say(
        "summary_rounding",
        tr,
        m=m,
        deviation=f"{lottery.max_deviation * m:.2f}",
        bound=f"{lottery.guaranteed_deviation * m:.0f}",
    )
    if lottery.within_one and lottery.min_clause:
        rounding += "; " + say("summary_rounding_targets", tr)
    else:
        code = "summary_rounding_min_clause" if lottery.min_clause else "summary_rounding_missed"
        rounding += "; " + say(
            code,
            tr,
            deviation=f"{lottery.max_deviation * m:.2f}",
            shortfall=f"{lottery.min_shortfall * m:.2f}",
        )
    if lottery.time_capped:
        limit = f"{lottery.time_limit:g}"
        rounding += " - " + say("summary_rounding_capped", tr, limit=limit)
    seed = say("summary_seed", tr, seed=result.seed, index=result.chosen_index, out=out)
    return f"{head};\n{rounding}.\n{seed}"


def _verify(args: argparse.Namespace) -> int:
    tr = _translator(args)
    try:
        audit = AuditRecord.load(args.audit)
    except (OSError, ValueError, TypeError) as error:
        message = say("cli_bad_audit", tr, path=args.audit, detail=error)
        print(say("cli_error", tr, message=message), file=sys.stderr)
        return EXIT_BAD_INPUT
    params = audit.parameters
    try:
        problem, _ = _problem_from(
            args,
            int(params.get("panel_size", 0)),
            params.get("household_column"),
            list(params.get("include", [])),
            list(params.get("exclude", [])),
        )
    except SortitionError as error:
        return _fail(error, tr)
    outcome = verify(audit, problem, seed=args.seed)
    print(outcome.message(tr), file=sys.stdout if outcome.ok else sys.stderr)
    return EXIT_OK if outcome.ok else EXIT_NOT_CONFIRMED


def _invite(args: argparse.Namespace) -> int:
    tr = _translator(args)
    oversample: dict[str, float] = {}
    for item in args.oversample:
        key, _, factor = item.rpartition("=")
        try:
            oversample[key] = float(factor)
        except ValueError:
            message = say("cli_bad_oversample", tr, value=item)
            print(say("cli_error", tr, message=message), file=sys.stderr)
            return EXIT_BAD_INPUT
    try:
        result = invite(
            args.register,
            args.size,
            [c.strip() for c in args.strata.split(",") if c.strip()],
            seed=args.seed,
            household_column=household_spec(household_columns(args.households)) or None,
            oversample=oversample,
        )
    except SortitionError as error:
        return _fail(error, tr)
    result.invited.write_csv(args.out)
    print(
        say(
            "summary_invited",
            tr,
            invited=result.invited.height,
            rows=result.register_rows,
            strata=len(result.allocation),
            seed=result.seed,
            out=args.out,
        )
    )
    return EXIT_OK


def _synth(args: argparse.Namespace) -> int:
    summary = synthesize_register(args.out, args.size, seed=args.seed)
    tr = _translator(args)
    print(
        say(
            "summary_register",
            tr,
            rows=summary.rows,
            households=summary.households,
            out=args.out,
        )
    )
    return EXIT_OK
