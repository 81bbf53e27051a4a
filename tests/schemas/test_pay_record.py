"""Pay record validation: periods, corrections, every bad field named, no input echoed."""

from typing import Any

import pytest
from pydantic import ValidationError

from schemas.pay_record import PayRecord


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "recordId": "TT-2026-0001",
        "bsn": "999900006",
        "periodType": "week",
        "periodStart": "2026-01-05",
        "periodEnd": "2026-01-11",
        "payDate": "2026-01-16",
        "hours": "20",
        "grossWage": "300.00",
        "netWage": "262.40",
    }
    base.update(changes)
    return base


def test_a_valid_week_record_round_trips_in_camel_case() -> None:
    parsed = PayRecord.model_validate(record())
    dumped = parsed.model_dump(mode="json", by_alias=True)
    assert dumped["netWage"] == "262.40"
    assert dumped["wageTax"] == "0.00"
    assert PayRecord.model_validate(dumped) == parsed


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"periodEnd": "2026-01-04"}, "voor periodStart"),
        ({"periodEnd": "2026-01-12"}, "7 dagen"),
        ({"periodType": "vierweken"}, "28 dagen"),
        ({"periodType": "maand", "periodStart": "2026-01-01", "periodEnd": "2026-01-30"}, "maandtijdvak"),
        ({"corrects": "TT-2026-0001"}, "eigen recordId"),
    ],
)
def test_inconsistent_periods_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PayRecord.model_validate(record(**changes))


def test_every_bad_field_is_named_at_once_without_its_value() -> None:
    with pytest.raises(ValidationError) as info:
        PayRecord.model_validate(record(bsn="123456789", netWage="-5", hours="x", colour="blue"))
    locations = {error["loc"][0] for error in info.value.errors()}
    assert locations == {"bsn", "netWage", "hours", "colour"}
    assert "123456789" not in str(info.value)
    assert "-5" not in str(info.value)


def test_four_week_and_month_periods() -> None:
    four = PayRecord.model_validate(record(periodType="vierweken", periodEnd="2026-02-01"))
    assert (four.period_end - four.period_start).days == 27
    month = PayRecord.model_validate(
        record(periodType="maand", periodStart="2026-02-01", periodEnd="2026-02-28")
    )
    assert month.period_end.day == 28
