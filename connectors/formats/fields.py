"""The canonical fields an import maps its columns to, the kind of value each holds, which are personal."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """How a cell's text is read."""

    TEXT = "text"
    BSN = "bsn"
    DATE = "date"
    MONEY = "money"
    HOURS = "hours"
    INTEGER = "integer"
    PERIOD_TYPE = "period_type"


class Field(StrEnum):
    """A PayRecord field, or an input that helps derive one (`year`)."""

    RECORD_ID = "record_id"
    CORRECTS = "corrects"
    BSN = "bsn"
    PERIOD_TYPE = "period_type"
    PERIOD_NUMBER = "period_number"
    YEAR = "year"
    PERIOD_START = "period_start"
    PERIOD_END = "period_end"
    PAY_DATE = "pay_date"
    HOURS = "hours"
    GROSS_WAGE = "gross_wage"
    WAGE_TAX = "wage_tax"
    EMPLOYEE_PREMIUMS = "employee_premiums"
    NET_WAGE = "net_wage"
    HOLIDAY_PAY_ACCRUED = "holiday_pay_accrued"
    HOLIDAY_PAY_PAID = "holiday_pay_paid"
    RESERVES_PAID = "reserves_paid"
    UNTAXED_ALLOWANCES = "untaxed_allowances"
    YTD_GROSS = "ytd_gross"
    YTD_NET = "ytd_net"

    @property
    def kind(self) -> Kind:
        """How this field's text is read."""
        return _KINDS.get(self, Kind.MONEY)

    @property
    def sensitive(self) -> bool:
        """Whether the value may identify a person or reveal a wage (then it is never shown on screen).

        A record id counts as sensitive because agencies sometimes build it from the BSN.
        """
        return self.kind not in (Kind.DATE, Kind.INTEGER, Kind.PERIOD_TYPE)


_KINDS: dict[Field, Kind] = {
    Field.RECORD_ID: Kind.TEXT,
    Field.CORRECTS: Kind.TEXT,
    Field.BSN: Kind.BSN,
    Field.PERIOD_TYPE: Kind.PERIOD_TYPE,
    Field.PERIOD_NUMBER: Kind.INTEGER,
    Field.YEAR: Kind.INTEGER,
    Field.PERIOD_START: Kind.DATE,
    Field.PERIOD_END: Kind.DATE,
    Field.PAY_DATE: Kind.DATE,
    Field.HOURS: Kind.HOURS,
}

PERIOD_FIELDS = frozenset(
    {Field.PERIOD_TYPE, Field.PERIOD_NUMBER, Field.YEAR, Field.PERIOD_START, Field.PERIOD_END}
)
"""Fields that together settle the pay period; the period resolver reads them, not the PayRecord."""

ALWAYS_REQUIRED = frozenset(
    {Field.RECORD_ID, Field.BSN, Field.PAY_DATE, Field.HOURS, Field.GROSS_WAGE, Field.NET_WAGE}
)
"""Fields every format must supply; the period comes from dates or from type, number and year."""
