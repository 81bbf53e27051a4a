"""`loonbrug calc CASE.json [--explain]` on the worked examples and on impossible input."""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.cli import calc

EXAMPLES = Path(__file__).parents[2] / "examples"
SINGLE = EXAMPLES / "case-single-two-agencies.json"
COUPLE = EXAMPLES / "case-couple-correction.json"


def _run(path: Path, *flags: str) -> int:
    parser = argparse.ArgumentParser(prog="loonbrug")
    calc.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["calc", str(path), *flags])
    code: int = args.handler(args)
    return code


def test_json_output_of_the_single_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(SINGLE) == 0
    result = json.loads(capsys.readouterr().out)
    (settlement,) = result["settlements"]
    # 1401,50 − (881,50 − 220,38) = 740,38; × 95% = 703,36; advance 700,00 → back payment 3,36
    assert {
        key: settlement[key] for key in ("month", "income", "disregard", "bijstand", "payout", "toPay")
    } == {
        "month": "2026-01",
        "income": "881.50",
        "disregard": "220.38",
        "bijstand": "740.38",
        "payout": "703.36",
        "toPay": "3.36",
    }
    assert settlement["missing"] == [
        {"agency": "tempo", "person": "aanvrager", "start": "2026-01-19", "end": "2026-01-25"}
    ]
    assert settlement["remaining"]["net"] == "805.00"
    assert settlement["complete"] is False
    assert [w["week"] for w in result["weeks"]] == [
        "2026-W01",
        "2026-W02",
        "2026-W03",
        "2026-W04",
        "2026-W05",
    ]


def test_the_couple_example_carries_the_correction_into_march(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(COUPLE) == 0
    february, march = json.loads(capsys.readouterr().out)["settlements"]
    assert february["kind"] == "herberekening"
    assert february["correctionTo"] == "2026-03"
    assert february["correctionCarried"]["payoutDelta"] == "-44.41"
    assert march["corrections"][0]["payoutDelta"] == "-44.41"
    assert march["difference"] == "-691.50"


def test_explain_prints_a_dutch_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(SINGLE, "--explain") == 0
    out = capsys.readouterr().out
    assert "Maandverrekening januari 2026" in out
    assert "Vrijlating n (maand 3 van 6): 25% × €\xa0881,50, ten hoogste €\xa0285,00 = €\xa0220,38" in out
    assert "Weekcijfers" in out
    assert "tempo 19 januari 2026 t/m 25 januari 2026" in out


def _write(tmp_path: Path, change: Any) -> Path:
    document = json.loads(SINGLE.read_text(encoding="utf-8"))
    changed = copy.deepcopy(document)
    change(changed)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    return path


def _set(path: str, value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        *steps, last = path.split(".")
        for step in steps:
            target = target[int(step)] if step.isdigit() else target[step]
        target[int(last) if last.isdigit() else last] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _set("records.0.record.netWage", "-5.00"),
            "fout in records[0].record.netWage: Moet minstens 0 zijn.",
        ),
        (_set("records.0.record.periodEnd", "2025-12-20"), "fout in records[0].record: PeriodEnd ligt voor"),
        (_set("records.0.record.bsn", "999900018"), "fout in records[0].record.bsn: hoort niet bij"),
        (_set("records.0.record.holidayPayPaid", "500.00"), "fout in records[0].record.holidayPayPaid:"),
        (_set("lastMonth", "2026-03"), "fout in lastMonth: ligt na de maand van de peildatum"),
        (_set("case.birthDate", "2012-01-01"), "fout in case.birthDate: jonger dan 18 jaar"),
        (
            _set("case.household.0.householdType", "gezin"),
            "fout in case.household[0].householdType: Kies een van",
        ),
        (_set("asOf", "gisteren"), "fout in asOf: Verwacht een datum"),
        (_set("partnerBsn", "999900006"), "fout in partnerBsn: is gelijk aan claimantBsn"),
        (_set("records.0.record.netWage", 1.5), None),  # a JSON number is fine (it is read exactly)
    ],
)
def test_impossible_input_names_the_field_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, message: str | None
) -> None:
    code = _run(_write(tmp_path, change))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if message is None:
        assert code == 0
    else:
        assert code == 2
        assert message in captured.err, captured.err
        assert "999900" not in captured.err  # no BSN in an error message


def test_unreadable_or_invalid_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path / "absent.json") == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert _run(broken) == 2
    err = capsys.readouterr().err
    assert "niet te lezen" in err
    assert "Geen geldige JSON" in err
