"""The reconciliation engine (DESIGN §4): pure functions from a benefit case, pay records, advances,
parameters and municipal policy to month settlements and week figures with explanations.

No I/O and no framework: the only file reading is `parameters.loader`, at start-up. The public API:

- `load_parameters()` / `load_default_policy()` — the dated national parameters and default policy;
- `settle(...)` — settle months and compute week figures (engine dataclasses in, `Calculation` out);
- `contract.income_record(...)`, `contract.approved_month(...)` — engine inputs from contract models;
- `contract.month_settlement(...)`, `contract.week_figures(...)` — contract models from results;
- `contract.calculate(...)` — a whole `CaseFile` to a `CalcResult` (what `loonbrug calc` does).
"""

from gateway.engine.errors import EngineError, EngineInputError, ParameterError, UnsupportedCaseError
from gateway.engine.inputs import (
    ApprovedMonth,
    Correction,
    EnrollmentPeriod,
    IncomeRecord,
    LedgerState,
    Overpayment,
    RecordRef,
)
from gateway.engine.parameters import ParameterSet, ParameterValue
from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.engine.results import Calculation, MonthResult, Remaining, WeekResult
from gateway.engine.settlement import settle

__all__ = [
    "ApprovedMonth",
    "Calculation",
    "Correction",
    "EngineError",
    "EngineInputError",
    "EnrollmentPeriod",
    "IncomeRecord",
    "LedgerState",
    "MonthResult",
    "Overpayment",
    "ParameterError",
    "ParameterSet",
    "ParameterValue",
    "RecordRef",
    "Remaining",
    "UnsupportedCaseError",
    "WeekResult",
    "load_default_policy",
    "load_parameters",
    "settle",
]
