"""The quarantine file: same format as the input, problems added, fixable and importable again."""

from __future__ import annotations

import json
from pathlib import Path

from connectors.importer import run_import
from tests.connectors.payroll_files import HEADER, weekly_row, write


def test_same_delimiter_encoding_line_ends_and_header_with_a_problem_column(tmp_path: Path) -> None:
    rows = [weekly_row(0), weekly_row(1, net="-1,00")]
    source = tmp_path / "loon.csv"
    lines = [HEADER + ";Naam", rows[0] + ";Jan Brückner", rows[1] + ";Zoë de Wit"]
    source.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    summary = run_import(quarantine_dir=tmp_path, source=source)
    assert summary.quarantine == tmp_path / "loon.quarantaine.csv"
    data = summary.quarantine.read_bytes()
    assert data.decode("cp1252").split("\r\n") == [
        "Probleem;" + HEADER + ";Naam",
        "regel 3: Nettoloon: mag niet negatief zijn (negative_amount);" + rows[1] + ";Zoë de Wit",
        "",
    ]


def test_a_bom_is_kept(tmp_path: Path) -> None:
    source = tmp_path / "loon.csv"
    source.write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\n{weekly_row(0, net='x')}\n".encode())
    summary = run_import(quarantine_dir=tmp_path, source=source)
    assert summary.quarantine is not None
    assert summary.quarantine.read_bytes().startswith(b"\xef\xbb\xbfProbleem;Kenmerk;")


def test_fixed_quarantine_rows_import_cleanly(tmp_path: Path) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(0), weekly_row(1, net="-1,00"), weekly_row(2)])
    quarantine = run_import(quarantine_dir=tmp_path, source=source).quarantine
    assert quarantine is not None
    fixed = quarantine.read_text(encoding="utf-8").replace(";-1,00", ";401,00")
    quarantine.write_text(fixed, encoding="utf-8")
    again = run_import(quarantine_dir=tmp_path, source=quarantine)
    assert (again.read, again.valid, again.refused) == (1, 1, 0)
    assert again.report.ignored_columns == []


def test_quarantining_a_quarantine_file_replaces_its_problem_column(tmp_path: Path) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(1, net="-1,00")])
    first = run_import(quarantine_dir=tmp_path, source=source).quarantine
    assert first is not None
    second = run_import(quarantine_dir=tmp_path, source=first).quarantine
    assert second == tmp_path / "loon.quarantaine.quarantaine.csv"
    header, row = second.read_text(encoding="utf-8").splitlines()
    assert header.count("Probleem") == 1
    assert row.startswith("regel 2: Nettoloon")
    assert row.count("regel") == 1


def test_an_existing_quarantine_file_is_never_overwritten(tmp_path: Path) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(1, net="-1,00")])
    (tmp_path / "loon.quarantaine.csv").write_text("van de gebruiker", encoding="utf-8")
    summary = run_import(quarantine_dir=tmp_path, source=source)
    assert summary.quarantine == tmp_path / "loon.quarantaine-2.csv"
    assert (tmp_path / "loon.quarantaine.csv").read_text(encoding="utf-8") == "van de gebruiker"


SLIP = (
    '{"payslipId": "JS-1", "bsn": "999900043", "periodStartDate": "2026-01-26", '
    '"periodEndDate": "2026-02-01", "paymentDate": "2026-02-06", "hoursWorked": 32, '
    '"grossWage": 470.720, "netWage": -1.00}'
)


def test_json_quarantine_keeps_each_element_exactly_and_adds_its_problems(tmp_path: Path) -> None:
    source = tmp_path / "loon.json"
    good = SLIP.replace("JS-1", "JS-2").replace("-1.00", "443.67")
    source.write_text(f'{{"payslips": [\n{good},\n{SLIP},\n7\n]}}', encoding="utf-8")
    summary = run_import(quarantine_dir=tmp_path, source=source)
    assert (summary.valid, summary.refused) == (1, 2)
    assert summary.quarantine == tmp_path / "loon.quarantaine.json"
    text = summary.quarantine.read_text(encoding="utf-8")
    assert '"grossWage": 470.720, "netWage": -1.00}' in text  # numbers as the agency wrote them
    slips = json.loads(text)["payslips"]
    assert slips[0]["loonbrugProblemen"] == [
        {"regel": 3, "veld": "netWage", "code": "negative_amount", "melding": "mag niet negatief zijn"}
    ]
    assert slips[1]["origineel"] == 7


def test_json_quarantine_fixed_and_imported_again(tmp_path: Path) -> None:
    source = tmp_path / "loon.json"
    source.write_text(f'{{"payslips": [{SLIP}]}}', encoding="utf-8")
    quarantine = run_import(quarantine_dir=tmp_path, source=source).quarantine
    assert quarantine is not None
    again = run_import(quarantine_dir=tmp_path, source=quarantine)
    assert [p.code for p in again.problems] == ["negative_amount"]
    assert again.quarantine is not None
    twice = json.loads(again.quarantine.read_text(encoding="utf-8"))["payslips"][0]
    assert twice["loonbrugProblemen"][0]["regel"] == 2
    assert twice["grossWage"] == "470.720"
    corrected = quarantine.read_text(encoding="utf-8").replace("-1.00", "443.67")
    quarantine.write_text(corrected, encoding="utf-8")
    fixed = run_import(quarantine_dir=tmp_path, source=quarantine)
    assert (fixed.valid, fixed.refused) == (1, 0)
