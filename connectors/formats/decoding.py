"""Character encoding of an input file: UTF-8 (with or without BOM) or else Windows-1252.

Detection reads the whole stream once through a strict incremental decoder (constant memory) and seeks
back: a file is UTF-8 only if every byte of it is, because cp1252 text is often valid UTF-8 for its first
thousand lines and breaks on the first 'Brückner'.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from typing import BinaryIO, Literal

from connectors.formats.problems import RowProblem

Encoding = Literal["utf-8", "cp1252"]
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Decoding:
    """How a file is written: its encoding and whether it starts with a UTF-8 byte order mark."""

    encoding: Encoding
    bom: bool

    @property
    def label(self) -> str:
        """Dutch description for the summary."""
        if self.encoding == "utf-8":
            return "UTF-8 met BOM" if self.bom else "UTF-8"
        return "Windows-1252"


def _decodes(stream: BinaryIO, encoding: str) -> bool:
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        while chunk := stream.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


def detect(stream: BinaryIO, forced: Encoding | None = None) -> Decoding | RowProblem:
    """Find the encoding of a seekable binary stream (or check the one a profile prescribes)."""
    stream.seek(0)
    bom = stream.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
    stream.seek(0)
    candidates: tuple[Encoding, ...] = (forced,) if forced else ("utf-8", "cp1252")
    for encoding in candidates:
        if encoding == "cp1252" and bom:
            continue
        if _decodes(stream, encoding):
            return Decoding(encoding, bom and encoding == "utf-8")
    wanted = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}
    names = " of ".join(wanted[c] for c in candidates)
    return RowProblem(None, None, "encoding_unknown", f"het bestand is geen geldige tekst in {names}")


def open_text(stream: BinaryIO, decoding: Decoding) -> io.TextIOWrapper:
    """A text view of the stream that drops the BOM and leaves line endings to the csv module.

    The caller owns `stream`: call `detach()` on the result when done, so the stream is not closed with it.
    """
    stream.seek(0)
    encoding = "utf-8-sig" if decoding.encoding == "utf-8" else "cp1252"
    return io.TextIOWrapper(stream, encoding=encoding, newline="")
