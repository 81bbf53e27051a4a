"""The payroll tax return (aangifte loonheffingen) as import format: records, per-element problems, safety."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from lxml import etree

from connectors.formats.base import Format
from connectors.formats.detect import detect_format, open_reader
from connectors.importer import run_import
from schemas.pay_record import PeriodType

EXAMPLE = Path(__file__).parents[3] / "examples" / "import" / "loonaangifte.xml"
NAMESPACE = "http://xml.belastingdienst.nl/schemas/Loonaangifte/2026/01"


def wages(**values: str) -> str:
    figures = {"LnLbPh": "1000.00", "LnInGld": "1000.00", "IngLbPh": "50.00", "AantVerlU": "70"} | values
    return "".join(f"<{k}>{v}</{k}>" for k, v in figures.items() if v != "-")


def relationship(number: int, *, bsn: str = "999900110", figures: str | None = None) -> str:
    return (
        f"<InkomstenverhoudingInitieel><NumIV>{number}</NumIV><DatAanv>2026-01-01</DatAanv>"
        f"<NatuurlijkPersoon><SofiNr>{bsn}</SofiNr><SignNm>Voorbeeld</SignNm></NatuurlijkPersoon>"
        f"<Werknemersgegevens>\n{figures if figures is not None else wages()}\n</Werknemersgegevens>"
        "</InkomstenverhoudingInitieel>\n"
    )


def return_file(path: Path, *relationships: str, corrections: str = "") -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Loonaangifte xmlns="{NAMESPACE}" version="2.0">\n'
        "<Bericht><IdBer>T-1</IdBer></Bericht>\n"
        "<AdministratieveEenheid><LhNr>999999990L01</LhNr><NmIP>Test</NmIP>\n"
        "<TijdvakAangifte><DatAanvTv>2026-03-01</DatAanvTv><DatEindTv>2026-03-31</DatEindTv>\n"
        "<VolledigeAangifte><CollectieveAangifte><TotLnLbPh>0</TotLnLbPh>"
        "<SaldoCorrectiesVoorgaandTijdvak><DatAanvTv>2026-01-01</DatAanvTv><DatEindTv>2026-01-31</DatEindTv>"
        "<Saldo>0</Saldo></SaldoCorrectiesVoorgaandTijdvak></CollectieveAangifte>\n"
        + "".join(relationships)
        + "</VolledigeAangifte></TijdvakAangifte>\n"
        + corrections
        + "</AdministratieveEenheid></Loonaangifte>\n",
        encoding="utf-8",
    )
    return path


def test_the_example_return_gives_one_record_per_income_relationship(tmp_path: Path) -> None:
    with EXAMPLE.open("rb") as stream:
        assert detect_format(stream) is Format.LOONAANGIFTE
    summary = run_import(source=EXAMPLE, quarantine_dir=tmp_path)
    assert (summary.read, summary.valid, summary.refused) == (2, 2, 0)
    assert summary.report.file_problems == []
    with EXAMPLE.open("rb") as stream:
        _, rows = open_reader(stream)
        records = [row.record for row in rows]
    fatima = records[0]
    assert fatima is not None
    assert fatima.record_id == "LA-999999990L01-20260401-1"
    assert fatima.bsn == "999900110"
    assert (fatima.period_type, fatima.period_start, fatima.period_end) == (
        PeriodType.MONTH,
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 30),
    )
    assert fatima.pay_date == dt.date(2026, 4, 30), (
        "paid within the return period: its last day at the latest"
    )
    assert fatima.hours == Decimal("152")
    assert (fatima.gross_wage, fatima.wage_tax) == (Decimal("2290.00"), Decimal("152.00"))
    # The pension premium is what lies between the cash wage and the wage for wage tax.
    assert fatima.employee_premiums == Decimal("68.70")
    assert fatima.net_wage == Decimal("2069.30")
    assert (fatima.holiday_pay_accrued, fatima.untaxed_allowances) == (Decimal("183.20"), Decimal("42.00"))


def test_each_fault_names_its_element_its_line_and_never_its_value(tmp_path: Path) -> None:
    source = return_file(
        tmp_path / "aangifte.xml",
        relationship(1),
        relationship(2, bsn="999900111"),
        relationship(3, figures=wages(IngLbPh="-", LnInGld="1.234,50")),
        relationship(4, figures=wages(VakBsl="812.00")),
        relationship(5, figures=wages(LnInGld="-10.00", LnLbPh="-10.00")),
    )
    summary = run_import(source=source, quarantine_dir=tmp_path / "q")
    assert (summary.read, summary.valid, summary.refused) == (5, 1, 4)
    described = [p.describe() for p in summary.problems]
    lines = source.read_text(encoding="utf-8").splitlines()

    def line_of(text: str, nth: int = 1) -> int:
        found = [i + 1 for i, line in enumerate(lines) if text in line]
        return found[nth - 1]

    assert (
        f"regel {line_of('999900111')}, element NatuurlijkPersoon/SofiNr: Geen geldig BSN (negen cijfers met"
        " elfproef). (bsn_invalid)" in described
    )
    third = line_of("<NumIV>3</NumIV>")
    assert (
        f"regel {third}, element Werknemersgegevens/IngLbPh: verplicht element ontbreekt (missing_value)"
        in described
    )
    assert any(
        d.startswith(f"regel {third + 1}, element Werknemersgegevens/LnInGld: is geen getal")
        for d in described
    )
    assert any(
        "element Werknemersgegevens/VakBsl:" in d and "(holiday_pay_gross_only)" in d for d in described
    )
    assert any(
        "element Werknemersgegevens/LnInGld: mag niet negatief zijn (negative_amount)" in d for d in described
    )
    screen = "\n".join(described)
    for secret in ("999900111", "1.234,50", "812.00"):
        assert secret not in screen

    quarantine = summary.quarantine
    assert quarantine == tmp_path / "q" / "aangifte.quarantaine.xml"
    kept = etree.parse(str(quarantine), etree.XMLParser(resolve_entities=False, no_network=True))
    assert kept.getroot().tag == "LoonbrugQuarantaine"
    relationships = kept.getroot().findall(f"{{{NAMESPACE}}}InkomstenverhoudingInitieel")
    assert [r.findtext(f"{{{NAMESPACE}}}NumIV") for r in relationships] == ["2", "3", "4", "5"]
    assert "bsn_invalid" in quarantine.read_text(encoding="utf-8")


def test_a_correction_of_an_earlier_period_corrects_that_periods_record(tmp_path: Path) -> None:
    correction = (
        "<TijdvakCorrectie><DatAanvTv>2026-01-01</DatAanvTv><DatEindTv>2026-01-31</DatEindTv>"
        "<CollectieveAangifte><TotLnLbPh>0</TotLnLbPh></CollectieveAangifte>"
        + relationship(7, figures=wages(LnInGld="1100.00", LnLbPh="1100.00"))
        + "</TijdvakCorrectie>\n"
    )
    source = return_file(tmp_path / "aangifte.xml", relationship(7), corrections=correction)
    with source.open("rb") as stream:
        _, rows = open_reader(stream)
        current, corrected = (row.record for row in rows)
    assert current is not None
    assert corrected is not None
    # The saldo of the corrected period inside the collective part does not move the return's own period.
    assert (current.record_id, current.period_start) == ("LA-999999990L01-20260301-7", dt.date(2026, 3, 1))
    assert corrected.corrects == "LA-999999990L01-20260101-7"
    assert corrected.record_id == "LA-999999990L01-20260101-7-K20260301"
    assert (corrected.period_start, corrected.gross_wage) == (dt.date(2026, 1, 1), Decimal("1100.00"))


def test_a_document_type_definition_is_refused_before_anything_is_expanded(tmp_path: Path) -> None:
    source = tmp_path / "bom.xml"
    source.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE Loonaangifte [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>\n'
        f'<Loonaangifte xmlns="{NAMESPACE}"><Bericht><IdBer>&b;&ext;</IdBer></Bericht></Loonaangifte>\n',
        encoding="utf-8",
    )
    summary = run_import(source=source, quarantine_dir=tmp_path, format=Format.LOONAANGIFTE)
    assert summary.read == 0
    assert [p.code for p in summary.report.file_problems] == ["xml_doctype"]


def test_another_xml_document_or_broken_xml_is_refused_with_its_line(tmp_path: Path) -> None:
    other = tmp_path / "ander.xml"
    other.write_text('<?xml version="1.0"?>\n<Factuur xmlns="urn:voorbeeld"/>\n', encoding="utf-8")
    summary = run_import(source=other, quarantine_dir=tmp_path)
    assert [(p.line, p.code) for p in summary.report.file_problems] == [(2, "xml_not_a_return")]

    broken = return_file(tmp_path / "kapot.xml", relationship(1), relationship(2))
    text = broken.read_text(encoding="utf-8").replace("<NumIV>2</NumIV>", "<NumIV>2</NumIV", 1)
    broken.write_text(text, encoding="utf-8")
    summary = run_import(source=broken, quarantine_dir=tmp_path)
    assert (summary.read, summary.valid) == (1, 1), "what came before the fault is read"
    problem = summary.report.file_problems[0]
    assert problem.code == "xml_syntax"
    assert problem.line == next(
        i + 1 for i, line in enumerate(text.splitlines()) if "<NumIV>2</NumIV" in line
    )


def test_a_doctype_after_the_first_bytes_is_refused_too(tmp_path: Path) -> None:
    source = tmp_path / "laat.xml"
    padding = "<!--" + " " * 70_000 + "-->\n"
    source.write_text(
        f'<?xml version="1.0"?>\n{padding}<!DOCTYPE Loonaangifte [<!ENTITY a "x">]>\n'
        f'<Loonaangifte xmlns="{NAMESPACE}"><Bericht><IdBer>&a;</IdBer></Bericht></Loonaangifte>\n',
        encoding="utf-8",
    )
    summary = run_import(source=source, quarantine_dir=tmp_path)
    assert [p.code for p in summary.report.file_problems] == ["xml_doctype"]
