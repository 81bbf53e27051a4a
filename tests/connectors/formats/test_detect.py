"""Format detection by content."""

import io
from pathlib import Path

import pytest

from connectors.formats.base import Format
from connectors.formats.detect import detect_format

EXAMPLES = Path(__file__).parents[3] / "examples" / "import"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"payslips": []}', Format.SETU_JSON),
        (b"\xef\xbb\xbf\n  [ ]", Format.SETU_JSON),
        (b"Kenmerk;BSN;Begindatum;Einddatum\n", Format.CSV),
        (b"Strooknummer;BSN;Tijdvak;Jaar;Periode\n", Format.STAFFING),
        (b"Loonstrooknummer,BSN,Tijdvak,Loonjaar,Periode\n", Format.STAFFING),
        # A staffing-only name next to Begindatum: dates decide, so the payroll CSV check names what is wrong.
        (b"Strooknummer;BSN;Begindatum;Einddatum;Jaar\n", Format.CSV),
        (b"Kenmerk;BSN;Periode\n", Format.CSV),
        (b"", Format.CSV),
        (b"\xff\xfe\x00garbage", Format.CSV),
    ],
)
def test_detection(data: bytes, expected: Format) -> None:
    stream = io.BytesIO(data)
    assert detect_format(stream) is expected
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("loonstroken.csv", Format.CSV),
        ("loonstroken-met-fouten.csv", Format.CSV),
        ("uitzendloon-export.csv", Format.STAFFING),
        ("loonstroken.json", Format.SETU_JSON),
        ("loonaangifte.xml", Format.LOONAANGIFTE),
    ],
)
def test_the_examples_are_recognised(name: str, expected: Format) -> None:
    with (EXAMPLES / name).open("rb") as stream:
        assert detect_format(stream) is expected
