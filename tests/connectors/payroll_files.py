"""Writing made-up payroll CSV files for the importer tests (BSNs from the 9999xxxxx test range)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HEADER = "Kenmerk;BSN;Begindatum;Einddatum;Betaaldatum;Uren;Brutoloon;Loonheffing;Nettoloon"
BSNS = ("999900006", "999900018", "999900031", "999900043", "999900055", "999900067")


def weekly_row(index: int, *, net: str = "400,00", bsn: str | None = None) -> str:
    """Pay slip `index`: a week of 2026 for one of six made-up workers."""
    week = index % 52 + 1
    monday = dt.date.fromisocalendar(2026, week, 1)
    sunday = monday + dt.timedelta(days=6)
    pay = sunday + dt.timedelta(days=5)
    worker = bsn or BSNS[index // 52 % len(BSNS)]
    return (
        f"LS-{index:06d};{worker};{monday:%d-%m-%Y};{sunday:%d-%m-%Y};{pay:%d-%m-%Y};32,00;470,72;21,40;{net}"
    )


def write(path: Path, rows: list[str], *, encoding: str = "utf-8") -> Path:
    """Write `HEADER` and `rows` with CRLF line ends, as Windows tools do."""
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding))
    return path
