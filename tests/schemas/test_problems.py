"""What a problem document masks: a number that looks like a BSN, and nothing inside a longer id."""

from __future__ import annotations

import pytest

from schemas.problems import mask_bsn_like


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("/v1/werkenden/999900006/weken", "/v1/werkenden/*********/weken"),
        ("999900006", "*********"),
        ('{"999900006": "1"}', '{"*********": "1"}'),
        ("pageSize=999900006", "pageSize=*********"),
        # A UUID whose last group holds nine digits in a row is an id, not a BSN.
        ("worker:01a24a13-23e7-7000-a528-0bd659226657", "worker:01a24a13-23e7-7000-a528-0bd659226657"),
        ("staff:1234abcd-0000-4000-8000-123456789abc", "staff:1234abcd-0000-4000-8000-123456789abc"),
        ("1234567890", "1234567890"),
    ],
)
def test_only_a_free_standing_nine_digit_number_is_masked(text: str, masked: str) -> None:
    assert mask_bsn_like(text) == masked
