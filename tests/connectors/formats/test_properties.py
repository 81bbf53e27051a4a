"""Property-based: whatever bytes a reader gets, it yields records and problems, never an exception."""

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.formats.base import Format, ParsedRow, ReadReport
from connectors.formats.detect import open_reader

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CSV_HEADER = "Kenmerk;BSN;Begindatum;Einddatum;Betaaldatum;Uren;Brutoloon;Loonheffing;Nettoloon;Tijdvak\n"
STAFFING_HEADER = "Strooknummer;BSN;Tijdvak;Jaar;Periode;Betaaldatum;Uren gewerkt;Bruto loon;Netto loon\n"
CELL = st.one_of(
    st.sampled_from(
        [
            "",
            "999900006",
            "999900007",
            "05-01-2026",
            "2026-01-11",
            "31-02-2026",
            "1.234,56",
            "-1,00",
            "38,00",
            "1,234.56",
            "4W",
            "week",
            "maand",
            "14",
            "53",
            "2026",
            '"',
            ";",
            "\r",
            "€ 12,50",
            "1e9",
        ]
    ),
    st.text(max_size=12),
)


def consume(data: bytes, format: Format | None) -> tuple[ReadReport, list[ParsedRow]]:
    report, rows = open_reader(io.BytesIO(data), format=format)
    result = list(rows)
    for row in result:
        # Exactly one of the two: a record, or at least one problem.
        assert (row.record is None) == bool(row.problems)
        assert row.line >= 1
    return report, result


@SETTINGS
@given(data=st.binary(max_size=400), format=st.sampled_from([None, *Format]))
def test_any_bytes(data: bytes, format: Format | None) -> None:
    consume(data, format)


@SETTINGS
@given(
    header=st.sampled_from([CSV_HEADER, STAFFING_HEADER]),
    rows=st.lists(st.lists(CELL, max_size=11), max_size=8),
    delimiter=st.sampled_from([";", ","]),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]),
)
def test_any_rows_under_a_valid_header(
    header: str, rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    text = header.replace(";", delimiter) + "".join(delimiter.join(r) + "\n" for r in rows)
    consume(text.encode(encoding, errors="replace"), None)


JSON_SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.sampled_from(["1.5", "2026-01-05"])
)
JSON_VALUE = st.recursive(
    JSON_SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
PROPERTY = st.sampled_from(
    [
        "payslipId",
        "bsn",
        "periodType",
        "periodNumber",
        "year",
        "periodStartDate",
        "periodEndDate",
        "paymentDate",
        "hoursWorked",
        "grossWage",
        "netWage",
        "wageTax",
        "other",
    ]
)


@SETTINGS
@given(
    slips=st.lists(st.dictionaries(PROPERTY, JSON_VALUE, max_size=12), max_size=4),
    cut=st.integers(min_value=0, max_value=400),
)
def test_any_json_pay_slips_whole_or_cut_off(slips: list[dict[str, object]], cut: int) -> None:
    text = json.dumps({"payslips": slips})
    consume(text.encode(), Format.SETU_JSON)
    consume(text[:cut].encode(), Format.SETU_JSON)
