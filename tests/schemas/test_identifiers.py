"""BSN 11-check and the rule that a BSN never appears in an error message."""

import pytest
from pydantic import BaseModel, ValidationError

from schemas.identifiers import Bsn, is_valid_bsn


class Person(BaseModel):
    bsn: Bsn


@pytest.mark.parametrize("bsn", ["999900006", "999900018", "999900031", "999900122", "111222333"])
def test_valid_bsns_pass_the_eleven_check(bsn: str) -> None:
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize(
    "bsn", ["999900007", "99990000", "9999000060", "abcdefghi", "000000000", "", "99990000 6"]
)
def test_invalid_bsns_fail(bsn: str) -> None:
    assert not is_valid_bsn(bsn)


def test_invalid_bsn_error_does_not_echo_the_value() -> None:
    with pytest.raises(ValidationError) as info:
        Person(bsn="999900007")
    assert info.value.errors()[0]["type"] == "bsn_invalid"
    assert "999900007" not in info.value.errors()[0]["msg"]
