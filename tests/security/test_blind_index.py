"""Blind index of the BSN and the keyed content digest."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest

from gateway.security.blind_index import bsn_index, canonical_json, content_digest, normalise_bsn

KEY = os.urandom(32)


@pytest.mark.parametrize("written", ["999900006", " 9999.00.006 ", "9999-00-006"])
def test_written_forms_of_one_bsn_share_an_index(written: str) -> None:
    assert bsn_index(key=KEY, bsn=written) == bsn_index(key=KEY, bsn="999900006")


def test_eight_digit_bsn_gets_its_leading_zero() -> None:
    assert normalise_bsn("12345672") == "012345672"


def test_index_depends_on_key_and_reveals_nothing_plain() -> None:
    index = bsn_index(key=KEY, bsn="999900006")
    assert len(index) == 64
    assert "999900006" not in index
    assert index != bsn_index(key=os.urandom(32), bsn="999900006")
    assert index != bsn_index(key=KEY, bsn="999900018")


@pytest.mark.parametrize("bad", ["", "12345", "9999000061", "99990000x"])
def test_not_a_bsn_is_refused_without_echo(bad: str) -> None:
    with pytest.raises(ValueError, match="nine digits") as caught:
        normalise_bsn(bad)
    assert not bad or bad not in str(caught.value)


def test_content_digest_is_canonical() -> None:
    first = {"net_wage": Decimal("451.37"), "hours": Decimal("32.00"), "day": dt.date(2026, 2, 2)}
    second = {"day": dt.date(2026, 2, 2), "hours": Decimal("32.00"), "net_wage": Decimal("451.37")}
    assert content_digest(key=KEY, document=first) == content_digest(key=KEY, document=second)
    changed = {**first, "net_wage": Decimal("451.38")}
    assert content_digest(key=KEY, document=changed) != content_digest(key=KEY, document=first)
    assert b"451.37" not in content_digest(key=KEY, document=first).encode()


def test_canonical_json_writes_decimals_as_text_and_refuses_unknown_types() -> None:
    assert canonical_json({"a": Decimal("1.50"), "b": [1, "x"]}) == b'{"a":"1.50","b":[1,"x"]}'
    with pytest.raises(TypeError):
        canonical_json({"a": object()})
