"""Flextensie refusals as API problems: input that breaks a rule is 400, a conflict with what exists 409."""

from __future__ import annotations

from gateway.store.flextensie import Refused
from gateway.web.errors import ApiError, Conflict, InvalidInput, NotFound
from schemas.problems import InvalidParam

# Refusals about what was sent, with the field they are about; every other refusal is a conflict.
_INPUT_FIELDS = {
    "hours_outside_placement": "days",
    "end_date_outside": "endDate",
    "payout_in_future": "date",
    "payout_before_flextensie": "date",
    "month_before_flextensie": "month",
}


class PlacementNotFound(NotFound):
    """No such placement in the caller's municipality."""

    code = "placement_not_found"

    def __init__(self) -> None:
        super().__init__("Deze plaatsing is niet gevonden.")


class TimesheetNotFound(NotFound):
    """No timesheet for this week."""

    code = "timesheet_not_found"

    def __init__(self) -> None:
        super().__init__("Voor deze week is geen urenstaat gevonden.")


class InvoiceNotFound(NotFound):
    """No such invoice in the caller's municipality."""

    code = "invoice_not_found"

    def __init__(self) -> None:
        super().__init__("Deze factuur is niet gevonden.")


class PayoutNotFound(NotFound):
    """No such payout moment for this worker."""

    code = "payout_not_found"

    def __init__(self) -> None:
        super().__init__("Dit uitbetaalmoment is niet gevonden.")


def problem_for(refusal: Refused) -> ApiError:
    """The API error for a refusal of the Flextensie rules."""
    field = _INPUT_FIELDS.get(refusal.code)
    if field is not None:
        return InvalidInput(
            refusal.reason,
            code=refusal.code,
            invalid_params=[InvalidParam(name=field, code=refusal.code, reason=refusal.reason)],
        )
    return Conflict(refusal.reason, code=refusal.code)
