"""Money, hours and rates: exact decimals, two places, never floats."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from schemas.money import Hours, Money, SignedMoney


class Amounts(BaseModel):
    money: Money = Decimal("0.00")
    signed: SignedMoney = Decimal("0.00")
    hours: Hours = Decimal("0.00")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"1234.5"', Decimal("1234.50")),
        ("1234.56", Decimal("1234.56")),
        ("0.1", Decimal("0.10")),
        ("7", Decimal("7.00")),
        ('"12.300"', Decimal("12.30")),
        ("999999999.99", Decimal("999999999.99")),
    ],
)
def test_json_numbers_and_strings_are_read_exactly(raw: str, expected: Decimal) -> None:
    value = Amounts.model_validate_json(f'{{"money": {raw}}}').money
    assert value == expected
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize("raw", ['"12.345"', "0.001", '"abc"', '"NaN"', '"Infinity"', "-1", "true"])
def test_bad_money_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        Amounts.model_validate_json(f'{{"money": {raw}}}')


def test_python_floats_are_refused() -> None:
    with pytest.raises(ValidationError, match="nooit float"):
        Amounts(money=0.1)  # type: ignore[arg-type]


def test_signed_money_allows_negative_and_money_does_not() -> None:
    assert Amounts(signed=Decimal("-12.50")).signed == Decimal("-12.50")
    with pytest.raises(ValidationError):
        Amounts(money=Decimal("-0.01"))


def test_json_output_is_a_two_decimal_string() -> None:
    assert Amounts(money=Decimal("5"), hours=Decimal("3.5")).model_dump(mode="json") == {
        "money": "5.00",
        "signed": "0.00",
        "hours": "3.50",
    }


@given(st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2))
def test_any_cent_amount_round_trips_through_json_numbers(amount: Decimal) -> None:
    parsed = Amounts.model_validate_json(f'{{"money": {amount}}}').money
    assert parsed == amount
