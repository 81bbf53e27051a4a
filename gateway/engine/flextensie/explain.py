"""From the Flextensie rules' explanation lines and parameter values to the contract models."""

from __future__ import annotations

from collections.abc import Iterable

from gateway.engine.explain import Line
from gateway.engine.parameters import ParameterValue
from schemas.figures import ExplanationLine, LineParameter, ParameterRef


def explanation_lines(lines: Iterable[Line]) -> list[ExplanationLine]:
    """The lines as the API shows them."""
    return [
        ExplanationLine(
            code=line.code,
            text=line.text,
            amount=line.amount,
            reference=line.reference,
            person=line.person,
            inputs=list(line.inputs),
            parameters=[
                LineParameter(key=p.key, value=p.display, valid_from=p.valid_from, confirmed=p.confirmed)
                for p in line.parameters
            ],
        )
        for line in lines
    ]


def parameter_refs(values: Iterable[ParameterValue]) -> list[ParameterRef]:
    """The values used, each once, with where they come from."""
    return [
        ParameterRef(
            key=v.key,
            label=v.label,
            value=v.display,
            unit=v.unit,
            valid_from=v.valid_from,
            valid_to=v.valid_to,
            confirmed=v.confirmed,
            source_url=v.source_url,
            article=v.article,
            note=v.note,
        )
        for v in dict.fromkeys(values)
    ]
