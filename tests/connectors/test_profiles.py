"""Column-mapping profiles in TOML and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.formats.base import Format
from connectors.formats.fields import Field
from connectors.formats.values import DecimalMark
from connectors.importer import run_import
from connectors.profiles import ProfileError, builtin_profiles, load_profile
from schemas.pay_record import PeriodType

EXAMPLES = Path(__file__).parents[2] / "examples" / "import"

TOML = """
name = "salarispakket-x"
format = "staffing"
delimiter = "|"
decimal_mark = "comma"
ignore = ["Oud netto"]

[columns]
"Sofi nr" = "bsn"
"Strook" = "record_id"

[period_types]
"WK" = "week"
"""


def test_a_toml_profile(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(TOML, encoding="utf-8")
    profile = load_profile(str(path))
    assert profile.input_format is Format.STAFFING
    options = profile.tabular_options()
    assert (options.delimiter, options.decimal_mark) == ("|", DecimalMark.COMMA)
    assert options.columns == {"sofi nr": Field.BSN, "strook": Field.RECORD_ID}
    assert options.ignore == frozenset({"oud netto"})
    assert options.period_types == {"wk": PeriodType.WEEK}


def test_a_json_profile_reads_an_export_with_its_own_names(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(
        json.dumps(
            {
                "name": "p",
                "format": "staffing",
                "columns": {"Sofi nr": "bsn", "Strook": "record_id"},
                "period_types": {"WK": "week"},
                "ignore": ["Oud netto"],
            }
        ),
        encoding="utf-8",
    )
    export = tmp_path / "export.csv"
    export.write_text(
        "Strook;Sofi nr;Tijdvak;Jaar;Periode;Betaaldatum;Uren gewerkt;Bruto loon;Netto loon;Oud netto\n"
        "S-1;999900006;WK;2026;2;16-01-2026;32,00;470,72;443,67;1,00\n",
        encoding="utf-8",
    )
    options = load_profile(str(profile)).tabular_options()
    summary = run_import(quarantine_dir=tmp_path, source=export, format=Format.STAFFING, options=options)
    assert (summary.valid, summary.refused) == (1, 0)
    assert summary.report.ignored_columns == []


def test_the_builtin_profile_reads_its_example(tmp_path: Path) -> None:
    assert "engelse-kolommen" in builtin_profiles()
    profile = load_profile("engelse-kolommen")
    summary = run_import(
        quarantine_dir=tmp_path, source=EXAMPLES / "loonstroken-engels.csv", options=profile.tabular_options()
    )
    assert (summary.read, summary.valid) == (3, 3)


@pytest.mark.parametrize(
    ("content", "suffix", "fragment"),
    [
        ('name = "x"\n[columns]\n"A" = "netto"\n', ".toml", "columns.A"),
        ('name = "x"\nformat = "xml"\n', ".toml", "format"),
        ('name = "x"\nkolommen = {}\n', ".toml", "kolommen"),
        ("name = ", ".toml", "niet te lezen"),
        ("{", ".json", "niet te lezen"),
    ],
)
def test_a_wrong_profile_says_what_is_wrong(tmp_path: Path, content: str, suffix: str, fragment: str) -> None:
    path = tmp_path / f"p{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    assert fragment in str(caught.value)
    assert str(path) in str(caught.value)


def test_an_unknown_profile_lists_the_builtin_ones() -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile("bestaat-niet")
    assert "engelse-kolommen" in str(caught.value)
