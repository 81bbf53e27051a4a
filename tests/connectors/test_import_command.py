"""`loonbrug import`: summary, exit codes, and no BSN or amount on the terminal."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.cli import import_cmd
from gateway.cli.main import COMMANDS
from tests.connectors.payroll_files import BSNS, weekly_row, write

EXAMPLES = Path(__file__).parents[2] / "examples" / "import"


@pytest.fixture(autouse=True)
def installation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder of its own with keys for the agencies these tests name, and no database."""
    from gateway.settings import get_settings

    data = tmp_path / "data"
    monkeypatch.setenv("LOONBRUG_DATA_DIR", str(data))
    for name in ("LOONBRUG_DATABASE_URL", "LOONBRUG_KEY_DIR"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    agencies = data / "keys" / "agencies"
    agencies.mkdir(parents=True)
    for client_id in ("uitzendbureau-a", "a", "voorbeeld"):
        (agencies / f"{client_id}.jwk.json").write_text("{}", encoding="utf-8")
    yield data
    get_settings.cache_clear()


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="loonbrug")
    import_cmd.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["import", *argv])
    code: int = args.handler(args)
    return code


def test_the_command_is_installed() -> None:
    assert COMMANDS["import"].module == "gateway.cli.import_cmd"


def test_a_clean_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(n) for n in range(3)])
    assert run(str(source), "--agency", "uitzendbureau-a", "--dry-run") == import_cmd.EXIT_OK
    out = capsys.readouterr().out
    assert "loon.csv voor uitzendbureau-a: csv, UTF-8, scheidingsteken ';', decimaalkomma" in out
    assert "  gelezen            3\n" in out
    assert "  verstuurd          0 (proefrun: niets verstuurd)\n" in out
    assert "Quarantaine" not in out


def test_refused_rows_exit_1_and_never_show_a_bsn_or_an_amount(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        weekly_row(0, bsn="999900007"),
        weekly_row(1, net="-1.234,56"),
        weekly_row(2, net="9.876,54").replace("32,00", "32,001"),
        weekly_row(3, bsn="99990000x"),
        weekly_row(4).replace("470,72", "47O,72"),
        ";".join(cell if i != 4 else "31-02-2026" for i, cell in enumerate(weekly_row(5).split(";"))),
    ]
    source = write(tmp_path / "loon.csv", rows)
    assert run(str(source), "--agency", "a", "--dry-run") == import_cmd.EXIT_REFUSED
    captured = capsys.readouterr()
    screen = captured.out + captured.err
    assert f"Quarantaine: {tmp_path / 'data' / 'quarantaine' / 'loon.quarantaine.csv'} (6 regels)" in screen
    screen = screen.replace(str(tmp_path), "MAP")  # pytest's temporary folder names hold digits
    amounts = ("1.234,56", "1234", "9.876,54", "9876", "32,001", "47O,72", "470,72", "470.72")
    for secret in ("999900007", "99990000x", *BSNS, *amounts):
        assert secret not in screen
    assert "[waarde: 31-02-2026]" in screen  # a date is no secret and helps to find the fault
    assert "regel 2, kolom BSN: Geen geldig BSN" in screen
    assert "regel 3, kolom Nettoloon: mag niet negatief zijn (negative_amount)" in screen


def test_problems_shown_are_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(n, net="-1,00") for n in range(8)])
    run(str(source), "--agency", "a", "--dry-run", "--max-problems", "3")
    out = capsys.readouterr().out
    assert "Problemen (3 van 8 getoond):" in out
    assert out.count("negative_amount") == 3


def test_a_refused_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "loon.csv"
    source.write_text("Kenmerk;BSN\n", encoding="utf-8")
    assert run(str(source), "--agency", "a", "--dry-run") == import_cmd.EXIT_REFUSED
    out = capsys.readouterr().out
    assert "Bestand geweigerd: regel 1, kolom Begindatum: verplichte kolom ontbreekt" in out


@pytest.mark.parametrize(
    "extra",
    [
        ["--profile", "bestaat-niet"],
        ["--profile", "engelse-kolommen", "--format", "staffing"],
        ["--batch-size", "0"],
    ],
)
def test_unusable_options_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(0)])
    assert run(str(source), "--agency", "a", "--dry-run", *extra) == import_cmd.EXIT_UNUSABLE
    assert capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(tmp_path / "nee.csv"), "--agency", "a", "--dry-run") == import_cmd.EXIT_UNUSABLE
    assert "bestand niet gevonden" in capsys.readouterr().err


def test_the_format_flag_overrides_detection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(0)])
    assert run(str(source), "--agency", "a", "--dry-run", "--format", "staffing") == import_cmd.EXIT_REFUSED
    assert "kolom Strooknummer: verplichte kolom ontbreekt" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "extra", "code", "counts"),
    [
        ("loonstroken.csv", [], 0, (6, 6, 0, 0)),
        ("loonstroken-met-fouten.csv", [], 1, (7, 1, 5, 1)),
        ("uitzendloon-export.csv", [], 0, (6, 6, 0, 0)),
        ("loonstroken.json", [], 0, (3, 3, 0, 0)),
        ("loonstroken-engels.csv", ["--profile", "engelse-kolommen"], 0, (3, 3, 0, 0)),
        ("loonaangifte.xml", [], 0, (2, 2, 0, 0)),
    ],
)
def test_the_examples(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    extra: list[str],
    code: int,
    counts: tuple[int, int, int, int],
) -> None:
    source = Path(shutil.copy(EXAMPLES / name, tmp_path / name))
    assert run(str(source), "--agency", "voorbeeld", "--dry-run", *extra) == code
    out = capsys.readouterr().out
    for label, count in zip(("gelezen", "geldig", "geweigerd", "dubbel"), counts, strict=True):
        assert f"  {label:<10}{count:>10}" in out


def test_json_names_each_problem_without_its_value_and_draws_no_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [weekly_row(0), weekly_row(1, bsn="999900007"), weekly_row(2, net="-1.234,56")]
    source = write(tmp_path / "loon.csv", rows)
    assert run(str(source), "--agency", "a", "--dry-run", "--json") == import_cmd.EXIT_REFUSED
    captured = capsys.readouterr()
    assert captured.err == "", "no progress bar when stderr is not a terminal"
    report = json.loads(captured.out)
    assert {
        key: report[key] for key in ("agency", "dryRun", "format", "read", "valid", "refused", "sent")
    } == {
        "agency": "a",
        "dryRun": True,
        "format": "csv",
        "read": 3,
        "valid": 1,
        "refused": 2,
        "sent": 0,
    }
    assert [(p["line"], p["column"], p["code"]) for p in report["problems"]] == [
        (3, "BSN", report["problems"][0]["code"]),
        (4, "Nettoloon", "negative_amount"),
    ]
    assert report["quarantine"] == str(tmp_path / "data" / "quarantaine" / "loon.quarantaine.csv")
    assert report["checks"] is not None
    for secret in ("999900007", "1.234,56", "1234"):
        assert secret not in captured.out


def test_without_an_agency_the_known_ones_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(0)])
    assert run(str(source), "--dry-run") == import_cmd.EXIT_UNUSABLE
    assert "geef --agency CLIENT-ID; bekende uitzendbureaus" in (err := capsys.readouterr().err)
    assert "a, uitzendbureau-a, voorbeeld" in err


def test_a_dry_run_says_a_real_run_would_miss_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(0)])
    assert run(str(source), "--agency", "onbekend", "--dry-run") == import_cmd.EXIT_UNUSABLE
    out = capsys.readouterr().out
    assert "ZOU WEIGEREN: geen sleutel" in out
    assert "bekende uitzendbureaus" in out
    assert "uitzendbureau-a" in out
    # Without the installation's database here, the rest is said to be unchecked, not passed.
    assert "niet gecontroleerd: uitzendbureau en inschrijvingen (geen database van Loonbrug" in out


def test_a_real_run_without_a_key_does_not_start_and_names_the_known_agencies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "loon.csv", [weekly_row(0)])
    assert run(str(source), "--agency", "onbekend") == import_cmd.EXIT_UNUSABLE
    err = capsys.readouterr().err
    assert err.startswith("kan niet beginnen: geen sleutel")
    assert "uitzendbureau-a" in err


def test_quarantine_goes_to_the_data_folder_or_the_named_one_never_beside_the_input(
    tmp_path: Path, installation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "invoer"
    inputs.mkdir()
    source = write(inputs / "loon.csv", [weekly_row(0, net="-1,00")])
    assert run(str(source), "--agency", "a", "--dry-run") == import_cmd.EXIT_REFUSED
    assert (installation / "quarantaine" / "loon.quarantaine.csv").is_file()
    chosen = tmp_path / "gekozen"
    assert run(str(source), "--agency", "a", "--dry-run", "--quarantine-dir", str(chosen)) == 1
    assert (chosen / "loon.quarantaine.csv").is_file()
    assert sorted(p.name for p in inputs.iterdir()) == ["loon.csv"]
    assert f"Quarantaine: {chosen / 'loon.quarantaine.csv'}" in capsys.readouterr().out


def test_english_headers_without_a_profile_suggest_the_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = Path(shutil.copy(EXAMPLES / "loonstroken-engels.csv", tmp_path / "engels.csv"))
    assert run(str(source), "--agency", "a", "--dry-run") == import_cmd.EXIT_REFUSED
    out = capsys.readouterr().out
    assert "kolom Kenmerk: verplichte kolom ontbreekt (column_missing)" in out
    assert "probeer --profile engelse-kolommen" in out
