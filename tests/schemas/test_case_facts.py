"""Case facts: a partner's BSN passes the 11-check, belongs to a couple only, and is never echoed."""

import datetime as dt

import pytest
from pydantic import ValidationError

from schemas.benefit_case import HouseholdType
from schemas.case_facts import CaseFacts

START = dt.date(2026, 1, 1)


def test_a_couple_names_its_partner_by_bsn() -> None:
    facts = CaseFacts.model_validate(
        {
            "benefitStart": "2026-01-01",
            "householdType": "gehuwd_samenwonend",
            "partnerBirthDate": "1991-08-02",
            "partnerBsn": " 999900018 ",
        }
    )
    assert facts.partner_bsn == "999900018"


@pytest.mark.parametrize("household", [HouseholdType.SINGLE, HouseholdType.SINGLE_PARENT])
def test_a_partner_bsn_without_a_couple_is_refused_without_the_bsn(household: HouseholdType) -> None:
    with pytest.raises(ValidationError) as info:
        CaseFacts(benefit_start=START, household_type=household, partner_bsn="999900018")
    assert "partnerBsn hoort alleen bij gehuwd/samenwonend" in str(info.value)
    assert "999900018" not in str(info.value)


def test_a_partner_bsn_failing_the_eleven_check_is_refused_without_the_bsn() -> None:
    with pytest.raises(ValidationError) as info:
        CaseFacts(benefit_start=START, household_type=HouseholdType.COUPLE, partner_bsn="999900019")
    assert [error["type"] for error in info.value.errors()] == ["bsn_invalid"]
    assert "999900019" not in str(info.value)
