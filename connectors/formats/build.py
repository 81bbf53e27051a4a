"""From a row's read values to a PayRecord, or to problems that name the column of every fault."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from connectors.formats.fields import PERIOD_FIELDS, Field
from connectors.formats.periods import period_from_number, period_type_from_dates
from connectors.formats.problems import RowProblem, reason_for
from connectors.formats.values import CellError
from schemas.pay_record import PayRecord, PeriodType


def build_record(
    *,
    line: int,
    values: Mapping[Field, Any],
    columns: Mapping[Field, str],
    present: frozenset[Field],
    failed: set[Field],
    problems: list[RowProblem],
) -> PayRecord | None:
    """Resolve the period and validate against the PayRecord contract; append problems and return None
    when anything is wrong.

    `values` holds what was read (empty cells left out); `columns` names every field as the input does;
    `present` lists the fields the input has a column (or property) for; `failed` the fields whose cells
    could not be read (already in `problems`), so the contract's complaints about them are not repeated.
    """
    corrects = values.get(Field.CORRECTS)
    if corrects is not None and corrects == values.get(Field.RECORD_ID):
        failed = failed | {Field.CORRECTS}
        reason = "een correctie heeft een eigen kenmerk, anders dan het gecorrigeerde"
        problems.append(RowProblem(line, columns[Field.CORRECTS], "corrects_itself", reason))
    # Field members are str, so they serve as the contract's keyword names directly.
    data: dict[str, Any] = {f: v for f, v in values.items() if f not in PERIOD_FIELDS and f not in failed}
    period_ok = not failed.intersection(PERIOD_FIELDS) and _resolve_period(
        line=line, values=values, columns=columns, present=present, data=data, problems=problems
    )
    if Field.PERIOD_NUMBER in values and Field.PERIOD_NUMBER not in data:
        data[Field.PERIOD_NUMBER] = values[Field.PERIOD_NUMBER]
    try:
        record = PayRecord(**data)
    except ValidationError as exc:
        by_number = Field.PERIOD_START not in values and Field.PERIOD_END not in values
        _report(
            exc,
            line=line,
            columns=columns,
            skip=failed,
            period_ok=period_ok,
            by_number=by_number,
            problems=problems,
        )
        return None
    return record if period_ok and not failed else None


def _resolve_period(
    *,
    line: int,
    values: Mapping[Field, Any],
    columns: Mapping[Field, str],
    present: frozenset[Field],
    data: dict[str, Any],
    problems: list[RowProblem],
) -> bool:
    start, end = values.get(Field.PERIOD_START), values.get(Field.PERIOD_END)
    stated: PeriodType | None = values.get(Field.PERIOD_TYPE)
    number, year = values.get(Field.PERIOD_NUMBER), values.get(Field.YEAR)
    by_number = start is None and end is None
    try:
        if start is not None and end is not None:
            data["period_type"] = stated or period_type_from_dates(start, end)
            data["period_start"], data["period_end"] = start, end
            return True
        if by_number and stated is not None and number is not None and year is not None:
            period = period_from_number(stated, number, year)
            data["period_type"], data["period_start"], data["period_end"] = (
                period.period_type,
                period.start,
                period.end,
            )
            data[Field.PERIOD_NUMBER] = period.number
            return True
    except CellError as exc:
        problems.append(RowProblem(line, _period_columns(columns, by_number=by_number), exc.code, exc.reason))
        return False
    wanted = _NUMBER_FIELDS if by_number and present >= _NUMBER_FIELDS else _DATE_FIELDS
    if not wanted <= present:
        reason = "geef begin- en einddatum, of loontijdvak, periodenummer en jaar"
        problems.append(RowProblem(line, None, "period_missing", reason))
        return False
    for field in sorted(wanted, key=list(Field).index):
        if values.get(field) is None:
            reason = "verplicht veld is leeg of ontbreekt"
            problems.append(RowProblem(line, columns[field], "missing_value", reason))
    return False


# A missing field is reported under its alias (payDate), a wrong one under its name (pay_date).
_FIELD_BY_LOC: dict[int | str, Field] = {
    key: Field(name)
    for name, info in PayRecord.model_fields.items()
    if name in Field._value2member_map_
    for key in (name, info.alias or name)
}
_DATE_FIELDS = frozenset({Field.PERIOD_START, Field.PERIOD_END})
_NUMBER_FIELDS = frozenset({Field.PERIOD_TYPE, Field.PERIOD_NUMBER, Field.YEAR})


def _period_columns(columns: Mapping[Field, str], *, by_number: bool, with_type: bool = False) -> str | None:
    fields: tuple[Field, ...] = (
        (Field.PERIOD_TYPE, Field.PERIOD_NUMBER, Field.YEAR)
        if by_number
        else (Field.PERIOD_START, Field.PERIOD_END)
    )
    if with_type and not by_number:
        fields = (Field.PERIOD_TYPE, *fields)
    names = [columns[f] for f in fields if f in columns]
    return "/".join(names) or None


def _report(
    exc: ValidationError,
    *,
    line: int,
    columns: Mapping[Field, str],
    skip: set[Field],
    period_ok: bool,
    by_number: bool,
    problems: list[RowProblem],
) -> None:
    for error in exc.errors(include_input=False, include_url=False):
        loc = error["loc"]
        field = _FIELD_BY_LOC.get(loc[0]) if loc else None
        if field in skip or ((field is None or field in PERIOD_FIELDS) and not period_ok):
            continue
        code, reason = reason_for(error)
        if field is None:
            # Only the period checks of the contract are model-level once `corrects` has been checked.
            column = _period_columns(columns, by_number=by_number, with_type=True)
        else:
            column = columns.get(field, field.value)
        problems.append(RowProblem(line, column, code, reason))
