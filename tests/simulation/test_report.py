"""The report: report.md with its charts, the targets judged, and summary_json with its keys."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from gateway.simulation.outcome import Claim, Ledger, RegimeMetrics, SeedOutcome, WorkerTrace
from gateway.simulation.report import CLAIMS_CHART, WORKER_CHART, summary_json, targets, write_report
from gateway.simulation.settings import CohortSettings
from schemas.periods import IsoWeek, Month

MONTHS = [Month(2026, 1), Month(2026, 2)]


def _metrics(
    claims: list[tuple[str, str, str]], *, investigated: int, stayers_not_offset: int = 0
) -> RegimeMetrics:
    ledger = Ledger(workers=10, worker_months=20)
    for day, amount, cause in claims:
        ledger.claims.append(Claim("w0001", dt.date.fromisoformat(day), Decimal(amount), cause, stayer=True))
    ledger.not_offset += [(Decimal("10.00"), True)] * stayers_not_offset
    ledger.investigated.update(f"w{n:04d}" for n in range(investigated))
    ledger.pay("w0001", dt.date(2026, 1, 1), Decimal("800.00"))
    ledger.pay("w0001", dt.date(2026, 2, 1), Decimal("600.00"))
    return ledger.metrics(months=MONTHS)


def _trace() -> WorkerTrace:
    return WorkerTrace(
        "w0001",
        "alleenstaand, 40 jaar",
        [(IsoWeek(2026, 1), Decimal("120.00")), (IsoWeek(2026, 2), Decimal("180.00"))],
        Decimal("323.42"),
        [(dt.date(2026, 1, 1), Decimal("800.00")), (dt.date(2026, 2, 25), Decimal("-50.00"))],
    )


def _outcomes() -> list[SeedOutcome]:
    baseline = _metrics(
        [
            ("2026-02-25", "300.00", "schatting"),
            ("2026-03-25", "100.00", "schatting"),
            ("2026-03-25", "50.00", "uitstroom"),
        ],
        investigated=4,
    )
    loonbrug = _metrics([("2026-03-25", "40.00", "uitstroom")], investigated=0)
    return [
        SeedOutcome(1, loonbrug, baseline, _trace(), _trace(), 1.5),
        SeedOutcome(2, loonbrug, baseline, None, None, 1.2),
    ]


def test_ledger_counts_claims_and_volatility() -> None:
    metrics = _outcomes()[0].baseline
    assert metrics.recovery_claims == 3
    assert metrics.recovery_total == Decimal("450.00")
    assert metrics.recovery_mean == Decimal("150.00")
    assert metrics.recovery_median == Decimal("100.00")
    assert dict(metrics.claims_by_month) == {"2026-02": 1, "2026-03": 2}
    assert metrics.investigation_share == Decimal("0.4")
    # 800 and 600 paid: the standard deviation is 100.
    assert metrics.payout_volatility == Decimal("100.00")


def test_targets_met_and_missed() -> None:
    judged = targets(_outcomes())
    assert [t.met for t in judged] == [True, False, True, True]  # 1 claim is 33% of 3, not ≤ 2%


def test_report_and_charts_are_written(tmp_path: Path) -> None:
    path = write_report(
        out=tmp_path / "rapport",
        outcomes=_outcomes(),
        cohort_settings=CohortSettings(),
        workers=10,
        months=2,
        policy_name="standaardbeleid",
        seconds=2.7,
        peak_rss_mb=150.0,
    )
    text = path.read_text(encoding="utf-8")
    assert path.name == "report.md"
    assert (path.parent / CLAIMS_CHART).stat().st_size > 1000
    assert (path.parent / WORKER_CHART).stat().st_size > 1000
    assert "| Terugvorderingen (aantal) | 1<br>(1 – 1) | 3<br>(3 – 3) |" in text
    assert "**nee**" in text
    assert "uitstroom naar werk" in text  # the cause that leaves Loonbrug's claim
    assert "Alleenstaand, 40 jaar." in text


def test_summary_json_has_the_figures_per_regime_and_per_seed() -> None:
    summary = json.loads(json.dumps(summary_json(_outcomes())))
    for regime in ("loonbrug", "baseline"):
        assert {"recoveryClaims", "recoveryTotal", "notOffset", "investigationShare"} <= set(summary[regime])
    assert summary["baseline"]["recoveryClaims"] == "3.0"
    assert summary["baseline"]["recoveryTotal"] == "450.00"
    assert summary["loonbrug"]["notOffset"] == "0.00"
    assert summary["baseline"]["investigationShare"] == "0.4000"
    assert [seed["seed"] for seed in summary["seeds"]] == [1, 2]
    assert summary["seeds"][0]["loonbrug"]["recoveryClaims"] == 1
