"""Header names of the two delimited layouts: the Dutch payroll CSV and the staffing payroll export.

Names are matched after `normalise_header` (case, surrounding and repeated spaces ignored). The first
name listed for a field is the one documented and shown when the column is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from connectors.formats.base import Format
from connectors.formats.fields import ALWAYS_REQUIRED, Field


def normalise_header(name: str) -> str:
    """The form header names are compared in: trimmed, spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Layout:
    """The columns a delimited format knows and the fields it needs."""

    format: Format
    names: Mapping[Field, tuple[str, ...]]
    required: frozenset[Field]

    def aliases(self) -> dict[str, Field]:
        """Normalised header name → field."""
        return {normalise_header(n): f for f, names in self.names.items() for n in names}

    def display_name(self, field: Field) -> str:
        """The documented header for `field`."""
        names = self.names.get(field)
        return names[0] if names else field.value


_SHARED: dict[Field, tuple[str, ...]] = {
    Field.BSN: ("BSN", "Burgerservicenummer", "Sofinummer"),
    Field.PAY_DATE: ("Betaaldatum", "Uitbetaaldatum", "Datum betaling"),
    Field.WAGE_TAX: ("Loonheffing", "Ingehouden loonheffing"),
    Field.EMPLOYEE_PREMIUMS: ("Premies", "Premies werknemer", "Werknemerspremies"),
    Field.HOLIDAY_PAY_ACCRUED: (
        "Vakantiegeld opgebouwd",
        "Opgebouwd vakantiegeld",
        "Reservering vakantiegeld",
    ),
    Field.HOLIDAY_PAY_PAID: ("Vakantiegeld", "Vakantiegeld uitbetaald", "Uitbetaald vakantiegeld"),
    Field.RESERVES_PAID: ("Reserveringen uitbetaald", "Uitbetaalde reserveringen", "Reserveringen"),
    Field.UNTAXED_ALLOWANCES: ("Reiskosten", "Onbelaste vergoedingen", "Reiskostenvergoeding"),
    Field.YTD_GROSS: ("Cumulatief bruto", "Bruto cumulatief"),
    Field.YTD_NET: ("Cumulatief netto", "Netto cumulatief"),
}

PAYROLL_CSV = Layout(
    format=Format.CSV,
    names=MappingProxyType(
        {
            Field.RECORD_ID: ("Kenmerk", "Loonstrooknummer", "Loonstrook"),
            Field.CORRECTS: ("Correctie op", "Corrigeert"),
            Field.PERIOD_TYPE: ("Tijdvak", "Loontijdvak"),
            Field.PERIOD_NUMBER: ("Periode", "Periodenummer"),
            Field.PERIOD_START: ("Begindatum", "Periode van"),
            Field.PERIOD_END: ("Einddatum", "Periode tot en met"),
            Field.HOURS: ("Uren", "Gewerkte uren"),
            Field.GROSS_WAGE: ("Brutoloon", "Bruto"),
            Field.NET_WAGE: ("Nettoloon", "Netto"),
            **_SHARED,
        }
    ),
    required=ALWAYS_REQUIRED | {Field.PERIOD_START, Field.PERIOD_END},
)
"""Dutch payroll CSV: one pay slip per row, the period given by its first and last day."""

STAFFING_EXPORT = Layout(
    format=Format.STAFFING,
    names=MappingProxyType(
        {
            Field.RECORD_ID: ("Strooknummer", "Loonstrooknummer"),
            Field.CORRECTS: ("Correctie op strook", "Correctie op"),
            Field.PERIOD_TYPE: ("Tijdvak", "Loontijdvak", "Verloningsperiode"),
            Field.YEAR: ("Jaar", "Loonjaar"),
            Field.PERIOD_NUMBER: ("Periode", "Periodenummer"),
            Field.HOURS: ("Uren gewerkt", "Gewerkte uren", "Uren"),
            Field.GROSS_WAGE: ("Bruto loon", "Brutoloon"),
            Field.NET_WAGE: ("Netto loon", "Nettoloon"),
            **_SHARED,
        }
    ),
    required=ALWAYS_REQUIRED | {Field.PERIOD_TYPE, Field.PERIOD_NUMBER, Field.YEAR},
)
"""Staffing payroll export: one pay slip per row, the period given by type, number and year."""

LAYOUTS = {layout.format: layout for layout in (PAYROLL_CSV, STAFFING_EXPORT)}
