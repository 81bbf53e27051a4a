"""Checking an invoice against the official OASIS UBL 2.1 Invoice schema (XSD), vendored in `xsd/`.

The schema checks structure: element names and order, what is required, data types (dates, amounts with
a currency). It does not check the EN 16931 sums or the NLCIUS rules; the reader and the writer do that.
The schema files are local and the parser never reaches the network or reads a DTD.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

XSD_DIR = Path(__file__).parent / "xsd"
INVOICE_XSD = XSD_DIR / "maindoc" / "UBL-Invoice-2.1.xsd"


@lru_cache(maxsize=1)
def invoice_schema() -> etree.XMLSchema:
    """The UBL 2.1 Invoice schema with the modules it imports, loaded once."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(INVOICE_XSD), parser))


def schema_errors(content: bytes) -> tuple[str, ...]:
    """Each way `content` breaks the UBL 2.1 Invoice schema, as "line N: message"; empty when it is valid."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        document = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        return (f"line {error.lineno}: {error.msg}",)
    schema = invoice_schema()
    if schema.validate(document):
        return ()
    return tuple(f"line {error.line}: {error.message}" for error in schema.error_log)
