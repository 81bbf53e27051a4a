"""The Dutch payroll CSV: encodings, notations, layout faults and row faults, each named exactly."""

import datetime as dt
import io
from decimal import Decimal

from connectors.formats.base import Format, ParsedRow, ReadReport, TabularLayout
from connectors.formats.detect import open_reader
from connectors.formats.problems import RowProblem
from connectors.formats.tabular import TabularOptions
from connectors.formats.values import DecimalMark
from schemas.pay_record import PeriodType

HEADER = "Kenmerk;BSN;Naam;Begindatum;Einddatum;Betaaldatum;Uren;Brutoloon;Loonheffing;Nettoloon"
ROW = "LS-1;999900006;Jan Brückner;05-01-2026;11-01-2026;16-01-2026;38,00;1.234,56;100,00;1.000,00"


def read(data: bytes, **options: object) -> tuple[ReadReport, list[ParsedRow]]:
    report, rows = open_reader(
        io.BytesIO(data),
        format=Format.CSV,
        options=TabularOptions(**options),  # type: ignore[arg-type]
    )
    return report, list(rows)


def text(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\n".join(lines).encode(encoding) + b"\n"


def only_problems(rows: list[ParsedRow]) -> list[RowProblem]:
    assert len(rows) == 1
    assert rows[0].record is None
    return list(rows[0].problems)


def test_a_row_becomes_a_pay_record_with_every_value_exact() -> None:
    report, rows = read(text(HEADER, ROW))
    assert not report.file_problems
    record = rows[0].record
    assert record is not None
    assert rows[0].line == 2
    assert not rows[0].problems
    assert record.record_id == "LS-1"
    assert record.bsn == "999900006"
    assert record.period_type is PeriodType.WEEK
    assert (record.period_start, record.period_end) == (dt.date(2026, 1, 5), dt.date(2026, 1, 11))
    assert record.pay_date == dt.date(2026, 1, 16)
    assert (record.hours, record.gross_wage) == (Decimal("38.00"), Decimal("1234.56"))
    assert (record.wage_tax, record.net_wage) == (Decimal("100.00"), Decimal("1000.00"))
    assert record.employee_premiums == Decimal("0.00")
    assert record.ytd_gross is None
    assert report.ignored_columns == ["Naam"]


def test_utf8_with_bom() -> None:
    report, rows = read(b"\xef\xbb\xbf" + text(HEADER, ROW))
    assert rows[0].record is not None
    assert isinstance(report.layout, TabularLayout)
    assert (report.layout.decoding.encoding, report.layout.decoding.bom) == ("utf-8", True)


def test_windows_1252_names() -> None:
    second = ROW.replace("LS-1", "LS-2").replace("Jan Brückner", "Zoë de Wit")
    report, rows = read(text(HEADER, ROW, second, encoding="cp1252"))
    assert isinstance(report.layout, TabularLayout)
    assert report.layout.decoding.encoding == "cp1252"
    assert [r.raw[2] for r in rows] == ["Jan Brückner", "Zoë de Wit"]
    assert all(r.record is not None for r in rows)


def test_cp1252_late_in_a_long_file_is_still_detected() -> None:
    plain = [ROW.replace("LS-1", f"LS-{n}").replace("Jan Brückner", "Jan") for n in range(3000)]
    report, rows = read(text(HEADER, *plain, ROW.replace("LS-1", "LS-X"), encoding="cp1252"))
    assert isinstance(report.layout, TabularLayout)
    assert report.layout.decoding.encoding == "cp1252"
    assert rows[-1].raw[2] == "Jan Brückner"


def test_neither_utf8_nor_cp1252_refuses_the_file() -> None:
    report, rows = read(text(HEADER) + b"\x81\xff\n")
    assert rows == []
    assert [p.code for p in report.file_problems] == ["encoding_unknown"]


def test_decimal_point_and_comma_separated_with_quoted_thousands() -> None:
    header = HEADER.replace(";", ",")
    row = 'LS-1,999900006,Jan,2026-01-05,2026-01-11,2026-01-16,38.00,"1,234.56",100.00,"1,000.00"'
    report, rows = read(text(header, row))
    record = rows[0].record
    assert record is not None
    assert record.gross_wage == Decimal("1234.56")
    assert isinstance(report.layout, TabularLayout)
    assert (report.layout.delimiter, report.layout.decimal_mark) == (",", DecimalMark.POINT)


def test_decimal_mark_is_sniffed_per_file_and_a_contradicting_value_refused() -> None:
    rows_text = [ROW.replace("LS-1", f"LS-{n}") for n in range(5)]
    odd = ROW.replace("LS-1", "LS-9").replace("1.000,00", "1000.50")
    _, rows = read(text(HEADER, *rows_text, odd))
    problems = only_problems(rows[-1:])
    assert [(p.column, p.code) for p in problems] == [("Nettoloon", "number_format")]


def test_blank_lines_are_skipped_and_lines_keep_their_numbers() -> None:
    second = ROW.replace("LS-1", "LS-2")
    _, rows = read(text("", HEADER, "", ";;;;;;;;;", ROW, "   ", second, ""))
    assert [r.line for r in rows] == [5, 7]
    assert all(r.record is not None for r in rows)


def test_trailing_separator_in_header_and_rows() -> None:
    _, rows = read(text(HEADER + ";", ROW + ";", ROW.replace("LS-1", "LS-2")))
    assert all(r.record is not None for r in rows)


def test_windows_line_endings_and_a_quoted_value_over_two_lines() -> None:
    row = ROW.replace("Jan Brückner", '"Jan\r\nBrückner"')
    data = "\r\n".join([HEADER, row, ROW.replace("LS-1", "LS-2")]).encode() + b"\r\n"
    report, rows = read(data)
    assert [r.line for r in rows] == [2, 4]
    assert isinstance(report.layout, TabularLayout)
    assert report.layout.line_terminator == "\r\n"


def test_a_missing_required_column_refuses_the_file() -> None:
    header = HEADER.replace(";Nettoloon", "")
    row = ROW.rsplit(";", 1)[0]
    report, rows = read(text(header, row))
    assert rows == []
    assert [(p.line, p.column, p.code) for p in report.file_problems] == [(1, "Nettoloon", "column_missing")]


def test_two_columns_for_one_field_refuse_the_file() -> None:
    report, _ = read(text(HEADER + ";Netto", ROW + ";1.000,00"))
    assert [(p.column, p.code) for p in report.file_problems] == [("Netto", "column_duplicate")]


def test_a_row_with_a_missing_or_an_extra_cell_is_refused_as_shifted() -> None:
    short = ROW.replace(";Jan Brückner", "")
    extra = ROW + ";12,00"
    _, rows = read(text(HEADER, short, extra))
    assert [[p.code for p in r.problems] for r in rows] == [["missing_cells"], ["extra_cells"]]
    assert all(r.record is None for r in rows)


def test_a_wrong_date_names_line_column_and_value() -> None:
    _, rows = read(text(HEADER, ROW.replace("16-01-2026", "31-02-2026")))
    (problem,) = only_problems(rows)
    assert (problem.line, problem.column, problem.code) == (2, "Betaaldatum", "date_invalid")
    assert "31-02-2026" in problem.describe()


def test_an_invalid_bsn_is_named_but_never_shown() -> None:
    _, rows = read(text(HEADER, ROW.replace("999900006", "999900007")))
    (problem,) = only_problems(rows)
    assert (problem.column, problem.code) == ("BSN", "bsn_invalid")
    assert "999900007" not in problem.describe()
    assert "999900007" not in repr(problem)


def test_a_negative_net_wage_is_named_but_the_amount_never_shown() -> None:
    _, rows = read(text(HEADER, ROW.replace("1.000,00", "-1.000,00")))
    (problem,) = only_problems(rows)
    assert (problem.column, problem.code) == ("Nettoloon", "negative_amount")
    assert problem.value is None or problem.value not in problem.describe()
    assert "1.000" not in problem.describe()
    assert "1000" not in problem.describe()


def test_all_faults_of_a_row_are_listed_in_column_order() -> None:
    row = "LS 1;999900007;Jan;05-01-2026;11-01-2026;2026/01/16;38,001;1.234,56;100,00;-1,00"
    _, rows = read(text(HEADER, row))
    assert [(p.column, p.code) for p in only_problems(rows)] == [
        ("Kenmerk", "record_id_format"),
        ("BSN", "bsn_invalid"),
        ("Betaaldatum", "date_format"),
        ("Uren", "decimal_max_places"),
        ("Nettoloon", "negative_amount"),
    ]


def test_an_empty_required_cell() -> None:
    _, rows = read(text(HEADER, ROW.replace(";38,00;", ";;")))
    assert [(p.column, p.code) for p in only_problems(rows)] == [("Uren", "missing_value")]


def test_period_type_given_must_match_the_dates() -> None:
    header = HEADER + ";Tijdvak"
    month = ROW.replace("05-01-2026;11-01-2026", "01-01-2026;31-01-2026") + ";maand"
    wrong = ROW.replace("LS-1", "LS-2") + ";vier weken"
    _, rows = read(text(header, month, wrong))
    assert rows[0].record is not None
    assert rows[0].record.period_type is PeriodType.MONTH
    (problem,) = rows[1].problems
    assert (problem.column, problem.code) == ("Tijdvak/Begindatum/Einddatum", "record_inconsistent")
    assert "28 dagen" in problem.message


def test_period_dates_of_no_known_length() -> None:
    _, rows = read(text(HEADER, ROW.replace("11-01-2026", "14-01-2026")))
    (problem,) = only_problems(rows)
    assert (problem.column, problem.code) == ("Begindatum/Einddatum", "period_length")


def test_a_correction_that_names_itself() -> None:
    _, rows = read(text(HEADER + ";Correctie op", ROW + ";LS-1"))
    (problem,) = only_problems(rows)
    assert (problem.column, problem.code) == ("Correctie op", "corrects_itself")


def test_an_empty_file_and_a_file_of_blank_lines() -> None:
    for data in (b"", b"\n\n  \n", b"\xef\xbb\xbf"):
        report, rows = read(data)
        assert rows == []
        assert [p.code for p in report.file_problems] == ["empty_file"]


def test_the_problem_column_of_a_quarantine_file_is_ignored() -> None:
    report, rows = read(text("Probleem;" + HEADER, "regel 2: iets;" + ROW))
    assert rows[0].record is not None
    assert report.ignored_columns == ["Naam"]


def test_a_profile_fixes_delimiter_mark_and_encoding() -> None:
    data = text(HEADER, ROW.replace("1.234,56", "1234,56"), encoding="cp1252")
    report, rows = read(data, delimiter=";", decimal_mark=DecimalMark.COMMA, encoding="cp1252")
    assert rows[0].record is not None
    report, rows = read(text(HEADER, ROW), encoding="cp1252")
    assert isinstance(report.layout, TabularLayout)
    assert report.layout.decoding.encoding == "cp1252"


def test_an_unclosed_quote_stops_reading_at_its_line() -> None:
    data = text(HEADER, ROW) + b'LS-2;"' + b"x" * 200_000 + b"\n" + text(ROW.replace("LS-1", "LS-3"))
    report, rows = read(data)
    assert [r.line for r in rows] == [2]
    assert [(p.line, p.code) for p in report.file_problems] == [(3, "csv_syntax")]
