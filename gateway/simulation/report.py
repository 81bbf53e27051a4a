"""The report of a simulation: `report.md` for a municipal policy officer, PNG charts, and JSON figures.

`summary_json` gives the means over seeds per regime and every seed's own figures. Counts and amounts in
the means are strings (an amount to the cent, a count to one decimal, a share to four), as money is in
every Loonbrug JSON; per seed, counts are whole numbers.

The charts are drawn with matplotlib's object API on the Agg canvas (no window, no global state).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from gateway.engine import dutch
from gateway.simulation.outcome import RegimeMetrics, SeedOutcome, WorkerTrace
from gateway.simulation.settings import CohortSettings

REPORT_NAME = "report.md"
CLAIMS_CHART = "terugvorderingen-per-maand.png"
WORKER_CHART = "voorbeeld-werkende.png"

CAUSES = {
    "uitstroom": "uitstroom naar werk (laatste maand, of voorschot na vertrek)",
    "schatting": "voorschot hoger dan de definitieve uitkering",
    "late_correctie": "loonstrook later gecorrigeerd",
    "vergeten_loonstrook": "loonstrook niet opgegeven",
    "herziening": "herziening na controle met de polisadministratie",
    "late_levering": "loonstrook te laat geleverd",
}
"""Dutch names of claim causes; a cause not listed is shown with its underscores as spaces."""

_COUNT = Decimal("0.1")
_CENT = Decimal("0.01")
_SHARE = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class _Row:
    label: str
    field: str
    kind: str  # "count", "money" or "share"


_ROWS = (
    _Row("Terugvorderingen (aantal)", "recovery_claims", "count"),
    _Row("Teruggevorderd in totaal", "recovery_total", "money"),
    _Row("Gemiddelde terugvordering", "recovery_mean", "money"),
    _Row("Mediaan terugvordering", "recovery_median", "money"),
    _Row("Terugvorderingen bij wie in de bijstand blijft", "claims_stayers", "count"),
    _Row("Te veel betaald en verrekend (aantal)", "offsets", "count"),
    _Row("Verrekend bedrag", "offset_total", "money"),
    _Row("Niet verrekend binnen de termijn (aantal)", "not_offset_count", "count"),
    _Row("Niet verrekend binnen de termijn (bedrag)", "not_offset_total", "money"),
    _Row("Niet verrekend, bij wie in de bijstand blijft", "not_offset_stayers", "count"),
    _Row("Maanden compleet vastgesteld", "months_complete", "count"),
    _Row("Maanden incompleet vastgesteld", "months_incomplete", "count"),
    _Row("Nabetalingen (aantal)", "back_payments", "count"),
    _Row("Nabetaald in totaal", "back_payment_total", "money"),
    _Row("Werkenden met een onderzoekssignaal", "investigation_workers", "count"),
    _Row("Deel van de werkenden met een onderzoekssignaal", "investigation_share", "share"),
    _Row("Schommeling van de maandelijkse betaling (gem. standaardafwijking)", "payout_volatility", "money"),
    _Row("Handelingen van consulenten (aantal)", "consultant_actions", "count"),
    _Row("Handelingen per werkende per maand", "actions_per_worker_month", "share"),
)
_NUMBERS = tuple(
    f.name for f in fields(RegimeMetrics) if f.name not in ("claims_by_month", "claims_by_cause")
)


def summary_json(outcomes: Sequence[SeedOutcome]) -> dict[str, Any]:
    """Means over seeds per regime (`loonbrug`, `baseline`) and each seed's figures (`seeds`)."""
    return {
        "loonbrug": _mean_json([o.loonbrug for o in outcomes]),
        "baseline": _mean_json([o.baseline for o in outcomes]),
        "seeds": [
            {
                "seed": o.seed,
                "seconds": round(o.seconds, 1),
                "loonbrug": o.loonbrug.as_json(),
                "baseline": o.baseline.as_json(),
            }
            for o in outcomes
        ],
    }


def write_report(
    *,
    out: Path,
    outcomes: Sequence[SeedOutcome],
    cohort_settings: CohortSettings,
    workers: int,
    months: int,
    policy_name: str,
    seconds: float,
    peak_rss_mb: float,
) -> Path:
    """Write report.md and its charts into `out`; returns the path of report.md."""
    if not outcomes:
        raise ValueError("geen uitkomsten om te rapporteren")
    out.mkdir(parents=True, exist_ok=True)
    _claims_chart(out / CLAIMS_CHART, outcomes)
    trace = next(
        ((o.trace_loonbrug, o.trace_baseline) for o in outcomes if o.trace_loonbrug or o.trace_baseline),
        None,
    )
    if trace is not None:
        _worker_chart(out / WORKER_CHART, loonbrug=trace[0], baseline=trace[1])
    lines = [
        "# Simulatie: Loonbrug naast schatten en terugvorderen",
        "",
        f"{workers} flexwerkers in de bijstand, {months} maanden, {len(outcomes)} "
        f"{'run' if len(outcomes) == 1 else 'runs'} ({'seed' if len(outcomes) == 1 else 'seeds'} "
        f"{', '.join(str(o.seed) for o in outcomes)}), "
        f"beleid: {policy_name}. Rekentijd {seconds:.0f} s, piekgeheugen {peak_rss_mb:.0f} MB.",
        "",
        "Beide werkwijzen krijgen dezelfde werkelijkheid: dezelfde mensen, dezelfde loonstroken, dezelfde "
        "late leveringen en correcties. **Loonbrug** ontvangt de loonstroken van de uitzendbureaus en stelt "
        "elke maand vast op de vaste verrekendag. **De gebruikelijke werkwijze** betaalt een voorschot op "
        "basis van de laatst bekende maand, laat de flexwerker de loonstroken 0 tot 2 maanden later "
        "opgeven en vordert terug wat te veel is betaald.",
        "",
        "## Doelen",
        "",
        *_targets(outcomes),
        "",
        "## Uitkomsten",
        "",
        "Gemiddelde over de runs, met de laagste en hoogste waarde daaronder.",
        "",
        "| | Loonbrug | Gebruikelijke werkwijze |",
        "|---|---:|---:|",
        *(_table_row(row, outcomes) for row in _ROWS),
        "",
        "## Waardoor ontstaan terugvorderingen",
        "",
        *_causes_table(outcomes),
        "",
        "## Terugvorderingen per maand",
        "",
        f"![Terugvorderingen per maand]({CLAIMS_CHART})",
        "",
    ]
    shown = trace[0] or trace[1] if trace is not None else None
    if shown is not None:
        story = shown.story
        lines += [
            "## Eén flexwerker",
            "",
            f"{story[:1].upper()}{story[1:]}.",
            "",
            "Netto verdiensten per week, de weekgrens waarboven de bijstand ophoudt, en wat elke werkwijze "
            "wanneer betaalde (een terugvordering staat onder de nul).",
            "",
            f"![Eén flexwerker]({WORKER_CHART})",
            "",
        ]
    lines += ["## Aannames", "", *_assumptions(cohort_settings), ""]
    path = out / REPORT_NAME
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _mean(values: Sequence[Decimal | int]) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0)) / max(1, len(values))


def _quantum(kind: str) -> Decimal:
    return {"count": _COUNT, "money": _CENT, "share": _SHARE}[kind]


def _kind(name: str) -> str:
    for row in _ROWS:
        if row.field == name:
            return row.kind
    return "count"


def _mean_json(metrics: Sequence[RegimeMetrics]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in _NUMBERS:
        value = _mean([getattr(m, name) for m in metrics]).quantize(_quantum(_kind(name)), ROUND_HALF_UP)
        result[_camel(name)] = str(value)
    result["notOffset"] = result.pop("notOffsetTotal")
    for name in ("claims_by_month", "claims_by_cause"):
        keys = sorted({key for m in metrics for key in getattr(m, name)})
        result[_camel(name)] = {
            key: str(_mean([getattr(m, name).get(key, 0) for m in metrics]).quantize(_COUNT)) for key in keys
        }
    return result


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _show(value: Decimal, kind: str) -> str:
    """Dutch notation: 1.234,56 for money, 12,5 for counts, 12,3% for shares."""
    if kind == "share" and value <= 1:
        text = f"{(value * 100).quantize(_COUNT, ROUND_HALF_UP):,.1f}%"
    elif kind == "share":
        text = f"{value.quantize(_CENT, ROUND_HALF_UP):,.2f}"
    elif kind == "money":
        return dutch.euro(value.quantize(_CENT, ROUND_HALF_UP))
    else:
        text = f"{value.quantize(_COUNT, ROUND_HALF_UP):,.1f}".removesuffix(".0")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _cell(values: Sequence[Decimal], kind: str) -> str:
    if kind == "share" and max(values, default=Decimal(0)) > 1:
        kind = "ratio"
    shown = "share" if kind == "ratio" else kind
    mean = _show(_mean(values), shown)
    if len(values) == 1:
        return mean
    return f"{mean}<br>({_show(min(values), shown)} – {_show(max(values), shown)})"


def _table_row(row: _Row, outcomes: Sequence[SeedOutcome]) -> str:
    loonbrug = [Decimal(getattr(o.loonbrug, row.field)) for o in outcomes]
    baseline = [Decimal(getattr(o.baseline, row.field)) for o in outcomes]
    return f"| {row.label} | {_cell(loonbrug, row.kind)} | {_cell(baseline, row.kind)} |"


def _cause_totals(metrics: Sequence[RegimeMetrics]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for m in metrics:
        for cause, count in m.claims_by_cause.items():
            totals[cause] += count
    return dict(totals)


def cause_name(cause: str) -> str:
    """The Dutch name of a claim cause."""
    return CAUSES.get(cause, cause.replace("_", " "))


def _causes_table(outcomes: Sequence[SeedOutcome]) -> list[str]:
    loonbrug = _cause_totals([o.loonbrug for o in outcomes])
    baseline = _cause_totals([o.baseline for o in outcomes])
    causes = sorted(set(loonbrug) | set(baseline), key=lambda c: -(loonbrug.get(c, 0) + baseline.get(c, 0)))
    if not causes:
        return ["Geen enkele terugvordering, in geen van beide werkwijzen."]
    seeds = Decimal(len(outcomes))
    rows = ["| Oorzaak (gemiddeld per run) | Loonbrug | Gebruikelijke werkwijze |", "|---|---:|---:|"]
    for cause in causes:
        rows.append(
            f"| {cause_name(cause)} | {_show(loonbrug.get(cause, 0) / seeds, 'count')} "
            f"| {_show(baseline.get(cause, 0) / seeds, 'count')} |"
        )
    return rows


@dataclass(frozen=True, slots=True)
class Target:
    """One target of the pilot: met or not, with the figures that decide it."""

    text: str
    met: bool
    detail: str


def targets(outcomes: Sequence[SeedOutcome]) -> list[Target]:
    """The targets of the issue, judged on the means over seeds (notOffset: in every seed)."""
    loonbrug = [o.loonbrug for o in outcomes]
    baseline = [o.baseline for o in outcomes]
    stayers = sum(m.not_offset_stayers for m in loonbrug)
    claims_l, claims_b = (
        _mean([m.recovery_claims for m in loonbrug]),
        _mean([m.recovery_claims for m in baseline]),
    )
    share = claims_l / claims_b if claims_b else Decimal(0)
    mean_l = _mean([m.recovery_mean for m in loonbrug])
    mean_b = _mean([m.recovery_mean for m in baseline])
    signal_l = _mean([m.investigation_share for m in loonbrug])
    signal_b = _mean([m.investigation_share for m in baseline])
    return [
        Target(
            "Geen bedrag dat niet verrekend kan worden bij wie in de bijstand blijft",
            stayers == 0,
            f"{stayers} in alle runs samen",
        ),
        Target(
            "Ten hoogste 2% van de terugvorderingen van de gebruikelijke werkwijze",
            claims_b > 0 and share <= Decimal("0.02"),
            f"{_show(claims_l, 'count')} tegen {_show(claims_b, 'count')} ({_show(share, 'share')})",
        ),
        Target(
            "Een gemiddelde terugvordering onder die van de gebruikelijke werkwijze",
            claims_l == 0 or mean_l < mean_b,
            f"{_show(mean_l, 'money')} tegen {_show(mean_b, 'money')}",
        ),
        Target(
            "Onderzoekssignaal bij minder dan 10% van de werkenden, "
            "waar de gebruikelijke werkwijze boven 25% zit",
            signal_l < Decimal("0.10") and signal_b > Decimal("0.25"),
            f"{_show(signal_l, 'share')} tegen {_show(signal_b, 'share')}"
            + (
                "; de gebruikelijke werkwijze komt hier niet boven 25% (de controle met de "
                "polisadministratie volgt pas maanden later: kies meer maanden)"
                if signal_b <= Decimal("0.25")
                else ""
            ),
        ),
    ]


def _targets(outcomes: Sequence[SeedOutcome]) -> list[str]:
    result = ["| Doel | Gehaald | Cijfers |", "|---|---|---|"]
    judged = targets(outcomes)
    for target in judged:
        result.append(f"| {target.text} | {'ja' if target.met else '**nee**'} | {target.detail} |")
    if not all(t.met for t in judged):
        causes = _cause_totals([o.loonbrug for o in outcomes])
        if causes:
            seeds = Decimal(len(outcomes))
            named = ", ".join(
                f"{cause_name(cause)} ({_show(count / seeds, 'count')} per run)"
                for cause, count in sorted(causes.items(), key=lambda item: -item[1])
            )
            result += [
                "",
                f"Waar een doel niet gehaald is, komen de terugvorderingen van Loonbrug uit: {named}.",
            ]
    return result


def _assumptions(settings: CohortSettings) -> list[str]:
    h, d, c, b = settings.households, settings.delivery, settings.corrections, settings.baseline
    dyn = settings.dynamics
    pct: Callable[[Decimal], str] = lambda share: _show(share, "share")  # noqa: E731
    return [
        f"- Huishoudens: {pct(h.single)} alleenstaand, {pct(h.single_parent)} alleenstaande ouder, "
        f"{pct(h.couple)} gehuwd of samenwonend, {pct(h.cost_sharer)} kostendeler.",
        f"- Gemiddeld {_show(settings.hours.mean, 'count')} uur per week, per week "
        f"{pct(settings.hours.weekly_variation)} schommeling; {pct(dyn.start_later)} begint later "
        f"met werken, {pct(dyn.leave_for_job)} stroomt uit naar werk, "
        f"{pct(dyn.stop_working)} stopt met werken.",
        f"- Loonstroken komen {d.on_time_days_min} tot {d.on_time_days_max} dagen na de betaaldatum "
        f"binnen; {pct(d.late)} komt 1 tot {d.late_weeks_max} weken te laat; {pct(c.share)} wordt later "
        "gecorrigeerd.",
        f"- Gebruikelijke werkwijze: opgave {pct(b.declare_now)} in de maand erna, "
        f"{pct(b.declare_one_month)} een maand later, {pct(b.declare_two_months)} twee maanden later; "
        f"per loonstrook {pct(b.forgotten_slip)} vergeten en {pct(b.rounding_error)} verkeerd "
        f"overgenomen; onderzoek bij een verschil boven {_show(b.investigation_threshold, 'money')} met de "
        "polisadministratie.",
        f"- Verrekendag: de {settings.settlement_day}e van de maand (of de werkdag ervoor).",
        "- Alle aannames en hoe u ze wijzigt: docs/simulation.md.",
    ]


def _claims_chart(path: Path, outcomes: Sequence[SeedOutcome]) -> None:
    seeds = len(outcomes)
    months = sorted(
        {key for o in outcomes for key in (*o.loonbrug.claims_by_month, *o.baseline.claims_by_month)}
    )
    loonbrug = [sum(o.loonbrug.claims_by_month.get(m, 0) for o in outcomes) / seeds for m in months]
    baseline = [sum(o.baseline.claims_by_month.get(m, 0) for o in outcomes) / seeds for m in months]
    figure = Figure(figsize=(9, 4.5), dpi=110)
    axes = figure.add_subplot()
    positions = range(len(months))
    axes.bar(
        [p - 0.2 for p in positions], baseline, width=0.4, label="Gebruikelijke werkwijze", color="#c0504d"
    )
    axes.bar([p + 0.2 for p in positions], loonbrug, width=0.4, label="Loonbrug", color="#1f6fb2")
    axes.set_xticks(list(positions), months, rotation=45, ha="right")
    axes.set_ylabel("Terugvorderingen (gemiddeld per run)")
    axes.set_title("Terugvorderingen per maand waarin ze worden opgelegd")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path)


def _worker_chart(path: Path, *, loonbrug: WorkerTrace | None, baseline: WorkerTrace | None) -> None:
    trace = loonbrug or baseline
    if trace is None:
        return
    figure = Figure(figsize=(10, 6), dpi=110)
    earnings, payments = figure.subplots(2, 1, sharex=True)
    mondays = [week.monday for week, _ in trace.weeks]
    earnings.step(
        mondays, [amount for _, amount in trace.weeks], where="post", label="Netto verdiend per week"
    )
    if mondays:
        earnings.hlines(
            trace.exit_weekly,
            mondays[0],
            mondays[-1] + dt.timedelta(days=7),
            colors="#444",
            linestyles="dashed",
            label="Weekgrens: daarboven geen bijstand",
        )
    highest = max([trace.exit_weekly, *(amount for _, amount in trace.weeks)])
    earnings.set_ylim(bottom=0, top=float(highest) * 1.1 + 1)
    earnings.set_ylabel("€ per week")
    earnings.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    for regime, label, color, shift in (
        (baseline, "Gebruikelijke werkwijze", "#c0504d", -1),
        (loonbrug, "Loonbrug", "#1f6fb2", 1),
    ):
        if regime is None:
            continue
        days = [day + dt.timedelta(days=shift) for day, _ in regime.payouts]
        payments.bar(days, [amount for _, amount in regime.payouts], width=3, label=label, color=color)
    payments.axhline(0, color="#444", linewidth=0.8)
    payments.set_ylabel("€ betaald (terugvordering < 0)")
    payments.legend(loc="upper left")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path)
