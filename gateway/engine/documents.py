"""The JSON documents of a month settlement and a week's figures, written straight from the engine's results.

A recompute stores, and compares by a keyed digest of its canonical JSON, the document of every week and
month it settles: what `schemas.figures.MonthSettlement` / `WeekFigures` give with
`model_dump(mode="json", by_alias=True)`. Building those models (validating every amount) and dumping
them again was a third of a recompute's CPU, for documents whose values the engine has just computed.
Here the same document is written in one pass over the engine's result, driven by the models' own
fields: the JSON names are the models' aliases, every amount goes through the model's own validator
and serializer (so an amount the model would refuse is refused here too), and a field of a type this
module does not know fails at import, so the contract cannot gain a field the documents lack.
`gateway.engine.contract` stays the way to the models themselves (the API, the calculator);
`tests/engine/test_documents.py` checks that both give the same bytes.

Documents of recurring parts (explanation lines, parameter values, pay record versions) are made once
and shared between documents (bounded caches, as in `gateway.engine.contract`): treat a document as
read-only.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, PlainSerializer, WrapValidator

from gateway.engine.explain import Line, reading
from gateway.engine.inputs import RecordRef
from gateway.engine.parameters import ParameterValue
from gateway.engine.results import MonthResult, WeekResult
from schemas import figures as f
from schemas.periods import IsoWeek, Month

Document = dict[str, Any]
Convert = Callable[[Any], Any]


def month_document(result: MonthResult) -> Document:
    """The JSON document of a month settlement, as `contract.month_settlement(result)` dumps it."""
    return _MONTH(result)


def week_document(result: WeekResult) -> Document:
    """The JSON document of a week's figures, as `contract.week_figures(result)` dumps it."""
    return _WEEK(result)


_SOURCES: Mapping[type[BaseModel], Mapping[str, Callable[[Any], Any]]] = {
    # Where a model's field is not the engine value's attribute of the same name.
    f.ParameterRef: {"value": lambda value: value.display},
    f.LineParameter: {"value": lambda value: value.display},
    f.ProRata: {"days": lambda pair: pair[0], "of_days": lambda pair: pair[1]},
}


def _writer(model: type[BaseModel]) -> Callable[[Any], Document]:
    """A function writing the document of `model` from an engine value with the fields' names."""
    fields = []
    for name, info in model.model_fields.items():
        source = _SOURCES.get(model, {}).get(name) or operator.attrgetter(name)
        fields.append((info.alias or name, source, _converter(info.annotation, info.metadata)))

    def write(value: Any) -> Document:
        return {alias: convert(source(value)) for alias, source, convert in fields}

    return write


def _converter(annotation: Any, metadata: list[Any]) -> Convert:
    """How a value of a field typed `annotation` (with pydantic `metadata`) is written in JSON mode."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _converter(base, [*metadata, *extra])
    if origin in (typing.Union, types.UnionType):
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(arguments) != 1:
            raise TypeError(f"no document for the union {annotation!r}")
        inner = _converter(arguments[0], metadata)
        return lambda value: None if value is None else inner(value)
    if origin is list:
        (item,) = typing.get_args(annotation)
        convert = _converter(item, [])
        return lambda values: [convert(value) for value in values]
    if annotation is Decimal:
        return _amount(metadata)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return _model(annotation)
        if issubclass(annotation, Enum):
            return _enum_value
        if annotation in (Month, IsoWeek):
            return str
        if annotation is dt.date:
            return _isoformat
        if annotation in (bool, int, str):
            return _same
    raise TypeError(f"no document for a field of type {annotation!r}")


def _amount(metadata: list[Any]) -> Convert:
    """An amount through its model's validator (checks and quantizing) and serializer (its text)."""
    validators: list[Callable[..., Decimal]] = [m.func for m in metadata if isinstance(m, WrapValidator)]
    serializers: list[Callable[..., str]] = [m.func for m in metadata if isinstance(m, PlainSerializer)]
    if len(validators) != 1 or len(serializers) != 1:
        raise TypeError("an amount needs one validator and one serializer")
    validate, serialize = validators[0], serializers[0]

    # An amount's text depends on its value and its sign only (`-0.00` equals `0.00` but reads
    # differently), and the same few amounts recur in every document: each is written once. A refused
    # amount raises every time (a cache keeps no exception).
    @functools.lru_cache(maxsize=4096)
    def written(value: Decimal, signed: bool) -> str:
        # schemas.money's validator never calls its handler and reads the validation info only for a
        # float, which the engine never hands over (its amounts are Decimals).
        return serialize(validate(value, None, None))

    def convert(value: Any) -> str:
        if type(value) is Decimal:
            return written(value, value.is_signed())
        return serialize(validate(value, None, None))

    return convert


def _model(model: type[BaseModel]) -> Convert:
    writer = _writers[model]
    return _CACHED.get(model, writer)


def _enum_value(value: Enum) -> Any:
    return value.value


def _isoformat(value: dt.date) -> str:
    return value.isoformat()


def _same(value: Any) -> Any:
    return value


class _Writers(dict[type[BaseModel], Callable[[Any], Document]]):
    """Each model's writer, made when first asked for (with the writers of the models in its fields)."""

    def __missing__(self, model: type[BaseModel]) -> Callable[[Any], Document]:
        writer = self[model] = _writer(model)
        return writer


_writers = _Writers()


@functools.lru_cache(maxsize=4096)
def _record(ref: RecordRef) -> Document:
    return _writers[f.RecordRef](ref)


@functools.lru_cache(maxsize=1024)
def _parameter(value: ParameterValue) -> Document:
    return _writers[f.ParameterRef](value)


@functools.lru_cache(maxsize=1024)
def _line_parameter(value: ParameterValue) -> Document:
    return _writers[f.LineParameter](value)


def _line(line: Line) -> Document:
    return _line_of(line, *reading(line))


@functools.lru_cache(maxsize=4096)
def _line_of(line: Line, arg_types: tuple[type, ...], signed: bool) -> Document:
    """The document of `line`; `arg_types` and `signed` only tell apart lines that are equal (`reading`)."""
    return _writers[f.ExplanationLine](line)


_CACHED: dict[type[BaseModel], Convert] = {
    f.RecordRef: _record,
    f.ParameterRef: _parameter,
    f.LineParameter: _line_parameter,
    f.ExplanationLine: _line,
}

# Made now, with every model they contain, so that a field of an unknown type fails at import.
_MONTH = _writers[f.MonthSettlement]
_WEEK = _writers[f.WeekFigures]
