"""Streaming the elements of one array in a JSON document, without loading the document whole.

The top level is either an array of elements or an object whose `key` property holds that array; other
top-level properties are read (each at most `MAX_VALUE` characters) and handed back. Each element is
decoded on its own with the standard decoder (numbers as exact `Decimal`s), and yielded with the line it
starts on and its exact source text, so a refused element can be quarantined unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

CHUNK = 1 << 16
MAX_VALUE = 1 << 20
_WHITESPACE = " \t\n\r"


class JsonObject(dict[str, Any]):
    """A decoded object that remembers keys it saw more than once (the last value would silently win)."""

    duplicate_keys: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> JsonObject:
    result = JsonObject(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _ in pairs:
            if key in seen:
                repeated.append(key)
            seen.add(key)
        result.duplicate_keys = tuple(repeated)
    return result


_DECODER = json.JSONDecoder(parse_float=Decimal, object_pairs_hook=_object)


class JsonStreamError(Exception):
    """The document stops being valid JSON (or the expected shape) at `line`; reading ends there."""

    def __init__(self, line: int, code: str, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Element:
    """One array element: the line it starts on, its source text and its decoded value."""

    line: int
    text: str
    value: Any


class _Cursor:
    """A window on the text that counts lines as it advances and is refilled on demand."""

    def __init__(self, source: TextIO) -> None:
        self._source = source
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self._line = 1
        self._counted = 0

    def line_at(self, pos: int) -> int:
        """The line of a position at or after the last one asked for."""
        self._line += self.buffer.count("\n", self._counted, pos)
        self._counted = pos
        return self._line

    @property
    def line(self) -> int:
        return self.line_at(self.pos)

    def fill(self) -> bool:
        """Append the next chunk, dropping what was consumed; False (and nothing moved) at the end."""
        if self.eof:
            return False
        chunk = self._source.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.line_at(self.pos)
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = self._counted = 0
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end of the text)."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer) or not self.fill():
                return self.buffer[self.pos : self.pos + 1]

    def expect(self, chars: str, what: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            raise JsonStreamError(self.line, "json_syntax", f"hier werd {what} verwacht")
        self.pos += 1
        return char

    def value(self) -> tuple[Any, str]:
        """Decode the value at the cursor, reading more text until it is complete."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                # An error at the very end of the window may just mean the value continues in the next chunk.
                if len(self.buffer) - self.pos < MAX_VALUE and self.fill():
                    continue
                line = self.line_at(max(exc.pos, self._counted))
                raise JsonStreamError(line, "json_syntax", f"ongeldige JSON: {exc.msg}") from None
            except (ValueError, RecursionError):
                # Integers past Python's digit limit, or nesting deeper than the decoder's recursion.
                reason = "ongeldige JSON: een getal is te lang of de nesting te diep"
                raise JsonStreamError(self.line, "json_syntax", reason) from None
            # A number at the window's end may have more digits in the next chunk.
            if end == len(self.buffer) and not self.eof and self.fill():
                continue
            text = self.buffer[self.pos : end]
            self.pos = end
            return value, text


def stream_array(source: TextIO, key: str, header: dict[str, Any]) -> Iterator[Element]:
    """Yield the elements of the document's array; top-level properties other than `key` go to `header`."""
    cursor = _Cursor(source)
    if cursor.expect("[{", "een JSON-object of -lijst") == "[":
        yield from _elements(cursor)
    else:
        yield from _members(cursor, key, header)
    if cursor.peek():
        raise JsonStreamError(cursor.line, "json_syntax", "na het einde van het document staat nog tekst")


def _members(cursor: _Cursor, key: str, header: dict[str, Any]) -> Iterator[Element]:
    found = False
    if cursor.peek() == "}":
        cursor.pos += 1
    else:
        while True:
            if cursor.peek() != '"':
                raise JsonStreamError(cursor.line, "json_syntax", "hier werd een eigenschapsnaam verwacht")
            name = cursor.value()[0]
            cursor.expect(":", "een dubbele punt")
            if name == key and cursor.peek() == "[":
                if found:
                    raise JsonStreamError(cursor.line, "json_shape", f"'{key}' komt twee keer voor")
                found = True
                cursor.pos += 1
                yield from _elements(cursor)
            else:
                header[name] = cursor.value()[0]
            if cursor.expect(",}", "een komma of }") == "}":
                break
    if not found:
        raise JsonStreamError(cursor.line, "json_shape", f"het document heeft geen lijst '{key}'")


def _elements(cursor: _Cursor) -> Iterator[Element]:
    if cursor.peek() == "]":
        cursor.pos += 1
        return
    while True:
        cursor.peek()
        line = cursor.line
        value, text = cursor.value()
        yield Element(line, text, value)
        if cursor.expect(",]", "een komma of ]") == "]":
            return
