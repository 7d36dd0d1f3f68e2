"""Fair lotteries for citizens' assemblies: stage one invitations and stage two panels.

Pure Python on HiGHS; dataclasses in, dataclasses out. The main entry points:

* :func:`select` runs LEXIMIN (or MAXIMIN, NASH, LEGACY), rounds to ``m`` panels, draws
  one from a public seed and returns a :class:`SelectionResult` with an
  :class:`AuditRecord`; :func:`verify` re-checks a record against the inputs without solving anything
  (certificates, see ``docs/background/sortition.md``).
* :func:`explain_infeasibility` says in words why quotas clash and proposes the smallest
  relaxation.
* :func:`invite` draws a stratified invitation sample from a large register;
  :func:`synthesize_register` writes a fake Berlin register for demos and benchmarks.
"""

from quartier.engine.sortition.audit import AuditRecord, input_hash
from quartier.engine.sortition.distribution import Distribution
from quartier.engine.sortition.draw import draw_index, new_seed
from quartier.engine.sortition.errors import InputError, InputWarning, SortitionError
from quartier.engine.sortition.formats import PeopleFile, read_people, read_quotas
from quartier.engine.sortition.infeasibility import (
    Conflict,
    Infeasibility,
    InfeasibleQuotasError,
    QuotaChange,
    Relaxation,
    explain_infeasibility,
)
from quartier.engine.sortition.invitation import InvitationResult, invite
from quartier.engine.sortition.leximin import SolverStatus
from quartier.engine.sortition.model import (
    ALGORITHMS,
    Person,
    Quota,
    SelectionProblem,
    make_problem,
)
from quartier.engine.sortition.rounding import Lottery, round_to_lottery
from quartier.engine.sortition.selection import SelectionResult, find_distribution, select
from quartier.engine.sortition.synthetic_register import synthesize_register
from quartier.engine.sortition.verification import Verification, verify

__all__ = [
    "ALGORITHMS",
    "AuditRecord",
    "Conflict",
    "Distribution",
    "Infeasibility",
    "InfeasibleQuotasError",
    "InputError",
    "InputWarning",
    "InvitationResult",
    "Lottery",
    "PeopleFile",
    "Person",
    "Quota",
    "QuotaChange",
    "Relaxation",
    "SelectionProblem",
    "SelectionResult",
    "SolverStatus",
    "SortitionError",
    "Verification",
    "draw_index",
    "explain_infeasibility",
    "find_distribution",
    "input_hash",
    "invite",
    "make_problem",
    "new_seed",
    "read_people",
    "read_quotas",
    "round_to_lottery",
    "select",
    "synthesize_register",
    "verify",
]
