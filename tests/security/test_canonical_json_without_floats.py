"""`canonical_json_without_floats` writes the very bytes `canonical_json` writes, for every document
without floats, and the week and month models a recompute digests have no float anywhere."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gateway.security.blind_index import canonical_json, canonical_json_without_floats
from schemas import figures as f

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(),  # every code point: quotes, backslashes, control characters, U+2028, surrogates excluded
    st.decimals(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(), inner, max_size=5)),
    max_leaves=40,
)


@given(st.dictionaries(st.text(), _DOCUMENTS, max_size=8))
def test_the_same_bytes_as_canonical_json(document: dict[str, Any]) -> None:
    assert canonical_json_without_floats(document) == canonical_json(document)


def test_a_recompute_digests_models_without_floats() -> None:
    for model in (f.WeekFigures, f.MonthSettlement):
        schema = json.dumps(model.model_json_schema(mode="serialization"))
        assert '"number"' not in schema, model.__name__


def test_dates_read_as_in_iso_8601() -> None:
    document = {"b": dt.date(2026, 1, 2), "a": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)}
    expected = b'{"a":"2026-01-02T03:04:05+00:00","b":"2026-01-02"}'
    assert canonical_json_without_floats(document) == expected
