"""Published values added after a release, layered over the shipped files (gateway.engine.parameters.layer):
the added value fills what the files leave unconfirmed, a later release wins only with an equal value, a
different one is reported, and nothing is invented for a month nobody confirmed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from gateway.engine.parameters import Kind, ParameterSet
from gateway.engine.parameters.layer import (
    GAP_NOTE,
    AddedValue,
    default_valid_to,
    layer,
    parse_number,
    unconfirmed_in_use,
)
from gateway.engine.parameters.loader import parse_document

SOURCE = {"url": "https://wetten.overheid.nl/BWBR0015703/2026-01-01", "article": "art. 21 onderdeel a"}


def _value(start: str, end: str | None, value: Any, *, confirmed: bool = True) -> dict[str, Any]:
    return {
        "valid_from": start,
        "valid_to": end,
        "value": value,
        "unit": "euro per maand",
        "confirmed": confirmed,
        "source": SOURCE,
    }


def _files(*norm_values: dict[str, Any]) -> ParameterSet:
    """A small shipped set: a half-yearly norm and an open-ended rate the files do not confirm."""
    document = {
        "covers_from": "2026-01-01",
        "parameters": [
            {
                "key": "norm.single",
                "label": "Norm alleenstaande",
                "kind": "money",
                "values": list(norm_values) or [_value("2026-01-01", "2026-06-30", "1401.50")],
            },
            {
                "key": "advance.minimum_rate",
                "label": "Minimaal voorschot",
                "kind": "rate",
                "values": [_value("2026-01-01", None, "0.95", confirmed=False)],
            },
        ],
    }
    return ParameterSet(parse_document(document, origin="test.json"))


def _added(key: str, start: dt.date, end: dt.date | None, number: str, ident: str = "a1") -> AddedValue:
    return AddedValue(ident, key, start, end, Decimal(number), "https://example.nl/normen", "art. 21 a")


JULY, DECEMBER_END = dt.date(2026, 7, 1), dt.date(2026, 12, 31)


def test_an_added_value_is_used_for_its_period_and_marked_confirmed() -> None:
    files = _files()
    assert not files.at("norm.single", dt.date(2026, 8, 1)).confirmed  # past the files: voorlopig
    layered = layer(files, [_added("norm.single", JULY, DECEMBER_END, "1430.24")])
    august = layered.parameters.at("norm.single", dt.date(2026, 8, 1))
    assert (august.number, august.confirmed, august.valid_from) == (Decimal("1430.24"), True, JULY)
    assert august.source_url == "https://example.nl/normen"
    assert layered.parameters.at("norm.single", dt.date(2026, 6, 1)).number == Decimal("1401.50")
    # After the added value's end nobody confirmed anything: the last value again, voorlopig.
    january = layered.parameters.at("norm.single", dt.date(2027, 1, 1))
    assert (january.number, january.confirmed) == (Decimal("1430.24"), False)
    assert (layered.used, layered.superseded, layered.conflicts) == (frozenset({"a1"}), frozenset(), ())


def test_an_added_value_replaces_an_unconfirmed_shipped_value_from_its_date() -> None:
    layered = layer(_files(), [_added("advance.minimum_rate", JULY, None, "0.90")])
    series = layered.parameters.series("advance.minimum_rate").values
    assert [(v.valid_from, v.valid_to, v.number, v.confirmed) for v in series] == [
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30), Decimal("0.95"), False),
        (JULY, None, Decimal("0.90"), True),
    ]


def test_a_later_release_with_the_same_value_wins_and_a_different_one_is_reported() -> None:
    shipped_july = _value("2026-07-01", "2026-12-31", "1430.24")
    release = _files(_value("2026-01-01", "2026-06-30", "1401.50"), shipped_july)
    same = layer(release, [_added("norm.single", JULY, DECEMBER_END, "1430.24")])
    assert same.superseded == frozenset({"a1"})
    assert same.parameters.at("norm.single", JULY).source_url == SOURCE["url"]  # the file's value
    assert same.conflicts == ()

    other = _files(_value("2026-01-01", "2026-06-30", "1401.50"), {**shipped_july, "value": "1431.00"})
    differs = layer(other, [_added("norm.single", JULY, DECEMBER_END, "1430.24")])
    (conflict,) = differs.conflicts
    assert (conflict.key, conflict.valid_from, conflict.added, conflict.shipped) == (
        "norm.single",
        JULY,
        Decimal("1430.24"),
        Decimal("1431.00"),
    )
    # Never silently replaced: the confirmed added value stays in use until an administrator acts.
    assert differs.parameters.at("norm.single", JULY).number == Decimal("1430.24")
    assert differs.used == frozenset({"a1"})


def test_a_month_between_values_that_nobody_confirmed_is_voorlopig() -> None:
    january = dt.date(2027, 1, 1)
    layered = layer(_files(), [_added("norm.single", january, dt.date(2027, 6, 30), "1450.00")])
    gap = layered.parameters.at("norm.single", dt.date(2026, 9, 1))
    assert (gap.number, gap.confirmed, gap.note) == (Decimal("1401.50"), False, GAP_NOTE)
    assert layered.parameters.at("norm.single", january).confirmed


def test_a_later_confirmation_of_the_same_month_wins() -> None:
    first = _added("norm.single", JULY, DECEMBER_END, "1430.42", "a1")
    corrected = _added("norm.single", JULY, DECEMBER_END, "1430.24", "a2")
    layered = layer(_files(), [first, corrected])
    assert layered.parameters.at("norm.single", JULY).number == Decimal("1430.24")
    assert len(layered.parameters.series("norm.single").values) == 2


def test_the_default_end_keeps_the_rhythm_of_the_series() -> None:
    files = _files()
    assert default_valid_to(files.series("norm.single"), JULY) == DECEMBER_END
    assert default_valid_to(files.series("advance.minimum_rate"), JULY) is None


@pytest.mark.parametrize(
    ("kind", "text", "number"),
    [
        (Kind.MONEY, "1430.24", Decimal("1430.24")),
        (Kind.MONEY, "1430", Decimal("1430.00")),
        (Kind.RATE, "0.25", Decimal("0.25")),
        (Kind.MONTHS, "804", Decimal(804)),
        (Kind.FLAG, "ja", Decimal(1)),
    ],
)
def test_typed_values_are_read_as_their_kind(kind: Kind, text: str, number: Decimal) -> None:
    assert parse_number(kind, text) == number


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Kind.MONEY, "1430,24"),
        (Kind.MONEY, "1430.245"),
        (Kind.MONEY, "-1"),
        (Kind.RATE, "25"),
        (Kind.YEARS, "67.5"),
        (Kind.FLAG, "misschien"),
        (Kind.MONEY, "NaN"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused(kind: Kind, text: str) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        parse_number(kind, text)


def test_unconfirmed_values_in_use_name_the_files_and_the_months_past_them() -> None:
    files = _files()
    found = {(v.key, v.valid_from) for v in unconfirmed_in_use(files, JULY)}
    assert found == {("advance.minimum_rate", dt.date(2026, 1, 1)), ("norm.single", JULY)}
    layered = layer(files, [_added("norm.single", JULY, DECEMBER_END, "1430.24")]).parameters
    assert {(v.key, v.valid_from) for v in unconfirmed_in_use(layered, JULY)} == {
        ("advance.minimum_rate", dt.date(2026, 1, 1)),
        ("norm.single", dt.date(2027, 1, 1)),
    }
