"""Every Flextensie e-invoice variant against the SI-UBL 2.0 validation rules: EN 16931 (BR-*, BR-CO-*,
code lists) and NLCIUS (BR-NL-*), the Schematron compiled to XSLT 2 in tests/connectors/schematron and
run by Saxon-HE. No rule fails, fatal or warning; and the check can fail: without the client's address
(BR-10), without a Dutch client's street (BR-NL-4) or KvK number (BR-NL-10)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]
from saxonche import PySaxonProcessor, PyXsltExecutable

from connectors.einvoice.ubl_invoice import CAC, CBC
from connectors.einvoice.ubl_writer import write_invoice
from tests.connectors.einvoice_cases import SELLER, make_invoice, variants

RULES = Path(__file__).parent / "schematron" / "si-ubl-2.0.3.13.xslt"
EXAMPLES = Path(__file__).parents[2] / "examples" / "einvoice"
SVRL = "http://purl.oclc.org/dsdl/svrl"
NS = {"cac": CAC, "cbc": CBC}


@pytest.fixture(scope="module")
def rules() -> Iterator[PyXsltExecutable]:
    """The compiled rules, once per module (compiling takes a second or two)."""
    with PySaxonProcessor(license=False) as processor:
        yield processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(RULES))


def failed(rules: PyXsltExecutable, content: bytes, tmp_path: Path) -> list[str]:
    """The rules the invoice breaks, as "BR-10 (fatal)"; empty when it passes every rule."""
    source = tmp_path / "invoice.xml"
    source.write_bytes(content)
    report = etree.fromstring(rules.transform_to_string(source_file=str(source)).encode())
    return [f"{a.get('id')} ({a.get('flag')})" for a in report.iter(f"{{{SVRL}}}failed-assert")]


def test_every_written_variant_passes_en_16931_and_nlcius(rules: PyXsltExecutable, tmp_path: Path) -> None:
    for name, content in variants().items():
        assert failed(rules, content, tmp_path) == [], name


def test_both_examples_pass(rules: PyXsltExecutable, tmp_path: Path) -> None:
    for path in sorted(EXAMPLES.glob("*.xml")):
        assert failed(rules, path.read_bytes(), tmp_path) == [], path.name


def _without(content: bytes, path: str) -> bytes:
    root = etree.fromstring(content)
    element = root.find(path, NS)
    element.getparent().remove(element)
    result: bytes = etree.tostring(root)
    return result


def test_the_rules_catch_a_buyer_without_address_street_or_kvk(
    rules: PyXsltExecutable, tmp_path: Path
) -> None:
    content = write_invoice(make_invoice(), SELLER)
    party = "cac:AccountingCustomerParty/cac:Party"
    assert "BR-10 (fatal)" in failed(rules, _without(content, f"{party}/cac:PostalAddress"), tmp_path)
    no_street = _without(content, f"{party}/cac:PostalAddress/cbc:StreetName")
    assert "BR-NL-4 (fatal)" in failed(rules, no_street, tmp_path)
    no_kvk = content.replace(
        b'<cbc:CompanyID schemeID="0106">99999995<', b'<cbc:CompanyID schemeID="0002">99999995<'
    )
    assert "BR-NL-10 (fatal)" in failed(rules, no_kvk, tmp_path)
