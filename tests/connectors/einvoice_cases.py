"""Made-up Flextensie invoices, seller and client details for the e-invoice tests, and every variant the
writer makes (VAT cases, seller and client by KvK or OIN, a client abroad)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from connectors.einvoice.ubl_writer import write_invoice
from schemas import flextensie as fx
from schemas.periods import IsoWeek, Month

CENT = Decimal("0.01")

SELLER = fx.FlextensieInvoicing(
    legal_name="Gemeente Voorbeeldstad",
    kvk_number="99999994",
    vat_number="NL000099998B57",
    street="Stadhuisplein 1",
    postal_code="9999 ZZ",
    city="Voorbeeldstad",
    iban="NL91ABNA0417164300",
)

CLIENT = fx.ClientDetails(
    kvk_number="99999995",
    vat_number="NL000099997B48",
    street="Korenmolenstraat 12",
    postal_code="9999 AA",
    city="Voorbeeldstad",
)

WEEKS = (  # March 2026, 16 hours a week at € 19.50, the last week cut at 31 March
    ("2026-W10", dt.date(2026, 3, 2), dt.date(2026, 3, 8), "16.00"),
    ("2026-W11", dt.date(2026, 3, 9), dt.date(2026, 3, 15), "16.00"),
    ("2026-W12", dt.date(2026, 3, 16), dt.date(2026, 3, 22), "16.00"),
    ("2026-W13", dt.date(2026, 3, 23), dt.date(2026, 3, 29), "16.00"),
    ("2026-W14", dt.date(2026, 3, 30), dt.date(2026, 3, 31), "6.25"),
)


def make_invoice(
    *,
    tariff: str = "19.50",
    weeks: tuple[tuple[str, dt.date, dt.date, str], ...] = WEEKS,
    vat_rate: Decimal | None = Decimal("0.21"),
    reference: str | None = "PO-123",
    client: fx.ClientDetails | None = CLIENT,
) -> fx.Invoice:
    """A made-up March 2026 invoice whose figures add up as the engine makes them."""
    price = Decimal(tariff)
    lines = [
        fx.InvoiceLine(
            week=IsoWeek.parse(week),
            first_day=first,
            last_day=last,
            hours=Decimal(hours),
            amount=(Decimal(hours) * price).quantize(CENT),
        )
        for week, first, last, hours in weeks
    ]
    net = sum((line.amount for line in lines), Decimal("0.00"))
    vat = (net * vat_rate).quantize(CENT) if vat_rate is not None else Decimal("0.00")
    return fx.Invoice(
        id="01a20000-0000-7000-8000-000000000001",
        number="FX-2026-03-0001",
        month=Month(2026, 3),
        issued_on=dt.date(2026, 4, 1),
        municipality="Voorbeeldstad",
        placement_id="01a20000-0000-7000-8000-000000000002",
        worker_id="01a20000-0000-7000-8000-000000000003",
        client_name="Bakkerij De Korst",
        client_reference=reference,
        client_details=client,
        hours=sum((line.hours for line in lines), Decimal("0.00")),
        hourly_tariff=price,
        net_amount=net,
        vat_rate=vat_rate,
        vat_amount=vat,
        total=net + vat,
        lines=lines,
        explanation=[],
        settlement=fx.InvoiceSettlement(
            premium=Decimal("0.00"),
            travel=Decimal("0.00"),
            travel_days=0,
            back_office=Decimal("0.00"),
            remainder=net,
            lines=[],
        ),
        unconfirmed=False,
        parameters=[],
    )


def variants() -> dict[str, bytes]:
    exempt = SELLER.model_copy(
        update={"no_vat_category": fx.NoVatCategory.EXEMPT, "no_vat_reason": "Vrijgesteld"}
    )
    not_subject = SELLER.model_copy(
        update={
            "vat_number": None,
            "no_vat_category": fx.NoVatCategory.NOT_SUBJECT,
            "no_vat_reason": "Overheid",
        }
    )
    oin_seller = SELLER.model_copy(update={"kvk_number": None, "oin": "00000001999999999000"})
    public_client = CLIENT.model_copy(
        update={"kvk_number": None, "oin": "00000001888888888000", "vat_number": None}
    )
    foreign = fx.ClientDetails(
        country_code="BE", street="Grote Markt 1", postal_code="2000", city="Antwerpen"
    )
    return {
        "vat": write_invoice(make_invoice(), SELLER),
        "exempt": write_invoice(make_invoice(vat_rate=None), exempt),
        "not subject": write_invoice(make_invoice(vat_rate=None), not_subject),
        "seller by OIN": write_invoice(make_invoice(), oin_seller),
        "no client reference": write_invoice(make_invoice(reference=None), SELLER),
        "public client": write_invoice(make_invoice(client=public_client), SELLER),
        "client abroad": write_invoice(make_invoice(client=foreign), SELLER),
        "one week": write_invoice(make_invoice(weeks=WEEKS[:1]), SELLER),
    }
