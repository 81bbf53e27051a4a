"""The JSON export: a header with control totals and the settlements (docs/export-layout.md).

Keys in the documented order, lowerCamelCase, amounts as two-decimal strings, UTF-8, two-space
indentation and a final newline, so the same settlements always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from connectors.exports.rows import COLUMNS, ExportRow, money, ordered, values
from schemas.money import ZERO

MEDIA_TYPE = "application/json"
FORMAT = "loonbrug-maandverrekeningen/2"
"""Version 2 added `soort` (verrekening or eindafrekening) and `bufferbudget`."""


def document(*, rows: Iterable[ExportRow], municipality_code: str, created_at: dt.datetime) -> dict[str, Any]:
    """The export as a JSON-ready document."""
    settled = ordered(rows)
    to_pay = sum((row.required(row.settlement.to_pay, "toPay") for row in settled), ZERO)
    overpaid = sum((row.required(row.settlement.overpaid, "overpaid") for row in settled), ZERO)
    return {
        "formaat": FORMAT,
        "gemeente": municipality_code,
        "aangemaakt": created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aantal": len(settled),
        "totaalNabetaling": money(to_pay),
        "totaalTeVeelBetaald": money(overpaid),
        "verrekeningen": [
            {
                **dict(zip((name for _, name, _ in COLUMNS), values(row), strict=True)),
                "correctieregels": [
                    {
                        "maand": str(item.month),
                        "uitbetaling": money(item.payout_delta),
                        "vakantietoeslag": money(item.holiday_allowance_delta),
                    }
                    for item in row.settlement.corrections
                ],
            }
            for row in settled
        ],
    }


def render(*, rows: Iterable[ExportRow], municipality_code: str, created_at: dt.datetime) -> bytes:
    """The JSON file of `rows`."""
    text = json.dumps(
        document(rows=rows, municipality_code=municipality_code, created_at=created_at),
        indent=2,
        ensure_ascii=False,
    )
    return (text + "\n").encode("utf-8")
