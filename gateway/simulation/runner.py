"""Run a simulated pilot per seed, both regimes on the same truth, and write the report.

Per seed: draw the cohort and its true pay data, run the baseline (estimate, then recover) and the
Loonbrug regime (the real pipeline, gateway.simulation.pipeline) on them, and keep both regimes' figures.
The policy file holds the municipality's choices (`"policy"`, over the shipped default policy) and may
hold the simulation's own settings (`"simulation"`, gateway.simulation.settings).
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic.alias_generators import to_snake

from gateway.engine.parameters.loader import load_default_policy, load_parameters
from gateway.simulation.baseline import run_baseline
from gateway.simulation.cohort import build_cohort
from gateway.simulation.outcome import SeedOutcome, WorkerTrace
from gateway.simulation.pipeline import run_loonbrug
from gateway.simulation.report import write_report
from gateway.simulation.settings import CohortSettings, SettingsFileError
from gateway.simulation.truth import pay_history
from schemas.case import MunicipalPolicy
from schemas.periods import Month

SeedProgress = Callable[[int, int, int, int], None]
"""Called as `progress(seed_number, seeds, day, days)` while a seed's Loonbrug regime runs."""
DEFAULT_POLICY_NAME = "standaardbeleid van Loonbrug"


class PolicyFileError(ValueError):
    """The policy file cannot be read or does not hold a valid policy; the message names what."""


@dataclass(frozen=True)
class Simulated:
    """What a simulation produced: each seed's outcome and where the report is."""

    outcomes: list[SeedOutcome]
    report: Path
    seconds: float
    peak_rss_mb: float


def read_policy(path: Path | None) -> tuple[MunicipalPolicy, CohortSettings, str]:
    """The municipal policy (the file's choices over the default), the simulation settings (the file's
    `"simulation"` object or the defaults) and a name for the report."""
    default = load_default_policy()
    if path is None:
        return default, CohortSettings(), DEFAULT_POLICY_NAME
    try:
        document = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except OSError as exc:
        raise PolicyFileError(f"{path}: kan het bestand niet lezen ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise PolicyFileError(f"{path}: geen geldige JSON (regel {exc.lineno}: {exc.msg})") from None
    if not isinstance(document, dict):
        raise PolicyFileError(f"{path}: verwacht een JSON-object")
    chosen = document.get("policy", {})
    if not isinstance(chosen, dict):
        raise PolicyFileError(f"{path}: 'policy' is geen object")
    # Keys as the shipped policy file writes them (snake_case) or as the API does (camelCase).
    merged: dict[str, Any] = {
        **default.model_dump(mode="json"),
        **{to_snake(k): v for k, v in chosen.items()},
    }
    try:
        policy = MunicipalPolicy.model_validate(merged)
    except ValidationError as exc:
        fields = ", ".join(
            "policy." + ".".join(str(part) for part in error["loc"])
            for error in exc.errors(include_url=False)
        )
        raise PolicyFileError(f"{path}: ongeldig beleid ({fields})") from None
    try:
        settings = CohortSettings.from_policy_file(path)
    except SettingsFileError as exc:
        raise PolicyFileError(f"{path}: {exc}") from None
    return policy, settings, path.name


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _chart_worker(baseline: dict[str, WorkerTrace]) -> str | None:
    """The worker shown in the report: the first whose baseline had a recovery claim, else the first."""
    for key in sorted(baseline):
        if any(amount < 0 for _, amount in baseline[key].payouts):
            return key
    return min(baseline, default=None)


def simulate(
    *,
    workers: int,
    months: int,
    seeds: Sequence[int],
    first_month: Month,
    policy_file: Path | None,
    out: Path,
    database_url: str | None = None,
    progress: SeedProgress | None = None,
) -> Simulated:
    """Run every seed (see the module docstring) and write the report into `out`."""
    policy, cohort_settings, policy_name = read_policy(policy_file)
    parameters = load_parameters()
    started = time.monotonic()
    outcomes: list[SeedOutcome] = []
    for number, seed in enumerate(seeds, start=1):
        seed_started = time.monotonic()
        cohort = build_cohort(
            settings=cohort_settings, workers=workers, first_month=first_month, months=months, seed=seed
        )
        truth = pay_history(cohort=cohort, settings=cohort_settings)
        baseline, baseline_traces = run_baseline(
            truth=truth, settings=cohort_settings, parameters=parameters, policy=policy
        )

        def day_progress(day: int, days: int, number: int = number) -> None:
            if progress is not None:
                progress(number, len(seeds), day, days)

        loonbrug, loonbrug_traces = run_loonbrug(
            truth=truth,
            settings=cohort_settings,
            database_url=database_url,
            policy=policy,
            progress=day_progress,
        )
        shown = _chart_worker(baseline_traces)
        outcomes.append(
            SeedOutcome(
                seed=seed,
                loonbrug=loonbrug,
                baseline=baseline,
                trace_loonbrug=loonbrug_traces.get(shown) if shown else None,
                trace_baseline=baseline_traces.get(shown) if shown else None,
                seconds=time.monotonic() - seed_started,
            )
        )
    seconds = time.monotonic() - started
    memory = peak_rss_mb()
    report = write_report(
        out=out,
        outcomes=outcomes,
        cohort_settings=cohort_settings,
        workers=workers,
        months=months,
        policy_name=policy_name,
        seconds=seconds,
        peak_rss_mb=memory,
    )
    return Simulated(outcomes=outcomes, report=report, seconds=seconds, peak_rss_mb=memory)
