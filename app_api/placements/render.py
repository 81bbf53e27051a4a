"""Invoices as CSV (for bookkeeping) and as a printable HTML page (to send to the client).

The page is self-contained: no script, no external resources; its one style block is allowed by hash in
its Content-Security-Policy, so nothing else can run or load. Every value is HTML-escaped.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from gateway.engine import dutch
from schemas import flextensie as fx

CSV_MEDIA_TYPE = "text/csv"
HTML_MEDIA_TYPE = "text/html"

CSV_COLUMNS = (
    "factuurnummer",
    "maand",
    "factuurdatum",
    "opdrachtgever",
    "kenmerk",
    "plaatsing",
    "uren",
    "uurtarief",
    "bedrag_zonder_btw",
    "btw_tarief",
    "btw",
    "totaal",
    "premie",
    "reiskosten",
    "backoffice",
    "restant_gemeente",
)

STYLE = """
@page { size: A4; margin: 20mm; }
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 180mm; }
h1 { font-size: 18pt; margin: 0 0 6mm; }
.parties { display: flex; justify-content: space-between; margin-bottom: 8mm; }
table { width: 100%; border-collapse: collapse; margin-top: 4mm; }
th, td { text-align: left; padding: 1.5mm 2mm; border-bottom: 0.2mm solid #bbb; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { border-bottom: none; font-weight: bold; }
.meta td { border: none; padding: 0.5mm 2mm 0.5mm 0; }
.note { margin-top: 10mm; font-size: 9pt; color: #444; }
"""

_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        f"style-src 'sha256-{_STYLE_HASH}'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    )
)


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def invoices_csv(invoices: Sequence[fx.Invoice]) -> str:
    """One row per invoice; amounts with a decimal point, as text machines read without guessing."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for invoice in invoices:
        settlement = invoice.settlement
        writer.writerow(
            (
                invoice.number,
                str(invoice.month),
                invoice.issued_on.isoformat(),
                invoice.client_name,
                invoice.client_reference or "",
                invoice.placement_id,
                _text(invoice.hours),
                _text(invoice.hourly_tariff),
                _text(invoice.net_amount),
                _text(invoice.vat_rate),
                _text(invoice.vat_amount),
                _text(invoice.total),
                _text(settlement.premium),
                _text(settlement.travel),
                _text(settlement.back_office),
                _text(settlement.remainder),
            )
        )
    return buffer.getvalue()


def _euro(value: Decimal) -> str:
    return escape(dutch.euro(value))


def _row(*cells: str) -> str:
    first, *numbers = cells
    return f"<tr><td>{first}</td>" + "".join(f"<td class='n'>{cell}</td>" for cell in numbers) + "</tr>"


def _week_row(line: fx.InvoiceLine, tariff: Decimal) -> str:
    period = f"{escape(dutch.date(line.first_day))} t/m {escape(dutch.date(line.last_day))}"
    return _row(
        f"Week {line.week.week} ({period})",
        escape(dutch.number(line.hours)),
        _euro(tariff),
        _euro(line.amount),
    )


def _client_lines(client: fx.ClientDetails | None) -> str:
    """The client's address and registration under its name (nothing while the placement lacks them)."""
    if client is None:
        return ""
    lines = [client.street, f"{client.postal_code} {client.city}"]
    if client.country_code != "NL":
        lines.append(client.country_code)
    if client.kvk_number is not None:
        lines.append(f"KvK {client.kvk_number}")
    if client.vat_number is not None:
        lines.append(f"Btw-id {client.vat_number}")
    return "".join(f"<br>{escape(line)}" for line in lines)


def invoice_html(invoice: fx.Invoice, *, worker_name: str) -> str:
    """The invoice as a printable A4 page in Dutch."""
    rows = "".join(_week_row(line, invoice.hourly_tariff) for line in invoice.lines)
    vat_label = (
        f"Btw {escape(dutch.number(invoice.vat_rate * 100))}%"
        if invoice.vat_rate is not None
        else "Btw (niet van toepassing)"
    )
    reference = (
        f"<tr><td>Uw kenmerk</td><td>{escape(invoice.client_reference)}</td></tr>"
        if invoice.client_reference
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Factuur {escape(invoice.number)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Factuur</h1>
<div class="parties">
<div><strong>{escape(invoice.municipality)}</strong><br>Flextensie – werken met behoud van uitkering</div>
<div><strong>Aan</strong><br>{escape(invoice.client_name)}{_client_lines(invoice.client_details)}</div>
</div>
<table class="meta">
<tr><td>Factuurnummer</td><td>{escape(invoice.number)}</td></tr>
<tr><td>Factuurdatum</td><td>{escape(dutch.date(invoice.issued_on))}</td></tr>
<tr><td>Periode</td><td>{escape(dutch.month(invoice.month))}</td></tr>
{reference}<tr><td>Ingezet</td><td>{escape(worker_name)}</td></tr>
</table>
<table>
<thead><tr><th>Omschrijving</th><th class="n">Uren</th><th class="n">Tarief</th>
<th class="n">Bedrag</th></tr></thead>
<tbody>{rows}</tbody>
<tfoot>
<tr><td>Totaal zonder btw</td><td class="n">{escape(dutch.number(invoice.hours))}</td><td></td>
<td class="n">{_euro(invoice.net_amount)}</td></tr>
<tr><td>{vat_label}</td><td></td><td></td><td class="n">{_euro(invoice.vat_amount)}</td></tr>
<tr><td>Te betalen</td><td></td><td></td><td class="n">{_euro(invoice.total)}</td></tr>
</tfoot>
</table>
<p class="note">Deze factuur betreft de inzet van een kandidaat via Flextensie,
namens {escape(invoice.municipality)}. Vermeld bij betaling het factuurnummer {escape(invoice.number)}.</p>
</body>
</html>
"""
