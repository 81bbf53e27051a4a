"""Validation errors become field paths with Dutch reasons that never repeat the input."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from gateway.web.validation import field_path, invalid_params, reason_for
from schemas.pay_record import PayBatch


def _errors(document: object) -> list[dict[str, object]]:
    with pytest.raises(ValidationError) as caught:
        PayBatch.model_validate_json(json.dumps(document))
    return [dict(e) for e in caught.value.errors(include_url=False, include_input=False)]


def test_paths_read_like_the_json() -> None:
    assert field_path(("records", 3, "netWage")) == "records[3].netWage"
    assert field_path(("messageId",)) == "messageId"
    assert field_path(()) == ""
    assert field_path((2, "a")) == "[2].a"


def test_every_problem_is_listed_with_a_dutch_reason_and_no_input() -> None:
    record = {
        "recordId": "LS 1",
        "bsn": "999900007",
        "periodType": "dag",
        "periodStart": "2026-13-01",
        "periodEnd": "2026-02-08",
        "payDate": "2026-02-13",
        "hours": "-3",
        "grossWage": "1234.567",
        "netWage": "één euro",
        "wageTax": 12.3456,
    }
    params = invalid_params(_errors({"messageId": "abc", "records": [record]}))

    by_name = {p.name: p for p in params}
    assert set(by_name) == {
        "messageId",
        "createdAt",
        "records[0].recordId",
        "records[0].bsn",
        "records[0].periodType",
        "records[0].periodStart",
        "records[0].hours",
        "records[0].grossWage",
        "records[0].netWage",
        "records[0].wageTax",
    }
    assert by_name["createdAt"].reason == "Dit veld is verplicht."
    assert by_name["messageId"].reason == "Te kort: minimaal 8 tekens."
    assert by_name["records[0].periodType"].reason == "Kies een van: week, vierweken of maand."
    assert by_name["records[0].hours"].reason == "Moet minstens 0 zijn."
    text = " ".join(p.reason for p in params)
    for sent in ("999900007", "1234.567", "één euro", "12.3456", "2026-13-01", "LS 1", "dag", "abc"):
        assert sent not in text


def test_our_own_sentences_pass_through_without_pydantics_prefix() -> None:
    record = {
        "recordId": "LS-1",
        "bsn": "999900006",
        "periodType": "week",
        "periodStart": "2026-02-02",
        "periodEnd": "2026-02-09",
        "payDate": "2026-02-13",
        "hours": "1",
        "grossWage": "1",
        "netWage": "1",
    }
    created = dt.datetime(2026, 2, 13, tzinfo=dt.UTC).isoformat()

    (param,) = invalid_params(_errors({"messageId": "bericht-1", "createdAt": created, "records": [record]}))

    assert param.name == "records[0]"
    assert param.code == "value_error"
    assert param.reason == "Een weektijdvak duurt 7 dagen, dit tijdvak 8"


def test_an_unknown_error_type_gets_a_generic_reason_never_pydantics_text() -> None:
    error = {
        "type": "iets_nieuws",
        "loc": ("x",),
        "msg": "value 999900006 is wrong",
        "ctx": {"value": "999900006"},
    }

    assert reason_for(error) == "Ongeldige waarde."


def test_context_that_describes_the_input_is_not_used() -> None:
    error = {
        "type": "decimal_parsing",
        "loc": ("x",),
        "msg": "'12,50' is geen getal",
        "ctx": {"value": "12,50"},
    }

    assert "12,50" not in reason_for(error)
