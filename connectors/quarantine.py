"""The quarantine file: refused rows in the input's own format, to fix and re-import.

It is the agency's own data, written into a folder the user chose (by default the data folder, never
beside the input: that may be a shared or versioned folder), so it holds the rows as they were, with a
problem column (delimited files) or a `loonbrugProblemen` property (JSON) that the importer ignores on
re-import. An existing file is never overwritten: a second run writes `...quarantaine-2.csv`, and so on.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from connectors.formats.base import JsonLayout, ParsedRow, TabularLayout, XmlLayout
from connectors.formats.decoding import Decoding
from connectors.formats.layouts import normalise_header
from connectors.formats.problems import RowProblem
from connectors.formats.setu_json import ARRAY_KEY, PROBLEMS_KEY
from connectors.formats.tabular import PROBLEM_COLUMN

SUFFIX = "quarantaine"
XML_ROOT = "LoonbrugQuarantaine"
"""The quarantine of a payroll tax return lists the refused income relationships as they were, each with
its problems in a comment before it; they are fixed in the payroll system and sent again from there."""


def quarantine_path(source: Path, folder: Path) -> Path:
    """The first free name `<stem>.quarantaine[-n]<suffix>` for `source` in `folder`."""
    for attempt in range(1, 10_000):
        tag = SUFFIX if attempt == 1 else f"{SUFFIX}-{attempt}"
        candidate = folder / f"{source.stem}.{tag}{source.suffix}"
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"geen vrije quarantainenaam voor {source.name} in {folder}")


class Quarantine:
    """Writes refused rows as they come; the file is only created when the first row is refused."""

    def __init__(self, source: Path, folder: Path) -> None:
        self._source = source
        self._folder = folder
        self._file: IO[str] | None = None
        self._writer: Any = None
        self._layout: TabularLayout | JsonLayout | XmlLayout | None = None
        self._problem_index: int | None = None
        self.path: Path | None = None
        self.count = 0

    def add(
        self, row: ParsedRow, problems: Sequence[RowProblem], layout: TabularLayout | JsonLayout | XmlLayout
    ) -> None:
        """Write one refused row with its problems."""
        if self._file is None:
            self._open(layout)
        assert self._file is not None
        if isinstance(self._layout, TabularLayout):
            self._writer.writerow(self._tabular_row(row, problems))
        elif isinstance(self._layout, XmlLayout):
            self._file.write(_xml_element(row, problems))
        else:
            self._file.write(",\n" if self.count else "\n")
            self._file.write(_json_element(row, problems))
        self.count += 1

    def close(self) -> None:
        """Finish and close the file, if one was started."""
        if self._file is None:
            return
        if isinstance(self._layout, JsonLayout):
            self._file.write("\n]}\n")
        elif isinstance(self._layout, XmlLayout):
            self._file.write(f"</{XML_ROOT}>\n")
        self._file.close()
        self._file = None

    def __enter__(self) -> Quarantine:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _open(self, layout: TabularLayout | JsonLayout | XmlLayout) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        self.path = quarantine_path(self._source, self._folder)
        self._layout = layout
        # "x": never overwrite, even if a file appeared since the name was chosen.
        if isinstance(layout, XmlLayout):
            self._file = self.path.open("x", encoding="utf-8", newline="")
            self._file.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<{XML_ROOT}>\n')
            return
        self._file = self.path.open("x", encoding=_encoding(layout.decoding), errors="replace", newline="")
        if isinstance(layout, TabularLayout):
            self._writer = csv.writer(
                self._file, delimiter=layout.delimiter, lineterminator=layout.line_terminator
            )
            names = [normalise_header(h) for h in layout.header]
            problem_name = normalise_header(PROBLEM_COLUMN)
            if problem_name in names:
                self._problem_index = names.index(problem_name)
                self._writer.writerow(layout.header)
            else:
                self._writer.writerow((PROBLEM_COLUMN, *layout.header))
        else:
            self._file.write(f'{{"{ARRAY_KEY}": [')

    def _tabular_row(self, row: ParsedRow, problems: Sequence[RowProblem]) -> list[str]:
        note = f"regel {row.line}: " + " | ".join(p.for_quarantine() for p in problems)
        cells = list(row.raw)
        if self._problem_index is None:
            return [note, *cells]
        cells.extend([""] * (self._problem_index + 1 - len(cells)))
        cells[self._problem_index] = note
        return cells


def _xml_element(row: ParsedRow, problems: Sequence[RowProblem]) -> str:
    # A comment may not hold "--"; the messages are ours, so only that needs care.
    note = " | ".join(p.for_quarantine() for p in problems).replace("--", "- -")
    return f"<!-- regel {row.line}: {note} -->\n{row.raw}\n"


def _encoding(decoding: Decoding) -> str:
    if decoding.encoding == "cp1252":
        return "cp1252"
    return "utf-8-sig" if decoding.bom else "utf-8"


def _json_element(row: ParsedRow, problems: Sequence[RowProblem]) -> str:
    notes = [{"regel": row.line, "veld": p.column, "code": p.code, "melding": p.message} for p in problems]
    note = json.dumps(notes, ensure_ascii=False)
    text = str(row.raw).strip()
    if not text.startswith("{"):
        return f'{{"{PROBLEMS_KEY}": {note}, "origineel": {text}}}'
    if f'"{PROBLEMS_KEY}"' in text:
        # Quarantined before: replace the old notes. Amounts become strings, which read back exactly.
        value: dict[str, Any] = json.loads(text, parse_float=Decimal)
        value.pop(PROBLEMS_KEY, None)
        return json.dumps({PROBLEMS_KEY: notes, **value}, ensure_ascii=False, default=str)
    rest = text[1:].lstrip()
    separator = "" if rest.startswith("}") else ", "
    return f'{{"{PROBLEMS_KEY}": {note}{separator}{rest}'
