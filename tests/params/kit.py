"""A later release of the parameter files, as the tests of published values need it."""

from __future__ import annotations

from gateway.engine.parameters import ParameterSet
from gateway.engine.parameters.loader import load_parameters, parse_document


def release_with_july(number: str) -> ParameterSet:
    """A later release that ships norm.single from 1 July (the other series as shipped today)."""
    shipped = load_parameters()
    document = {
        "covers_from": "2026-01-01",
        "parameters": [
            {
                "key": "norm.single",
                "label": "Norm alleenstaande",
                "kind": "money",
                "values": [
                    {
                        "valid_from": start,
                        "valid_to": end,
                        "value": value,
                        "unit": "euro per maand",
                        "confirmed": True,
                        "source": {"url": "https://wetten.overheid.nl/BWBR0015703", "article": "art. 21 a"},
                    }
                    for start, end, value in (
                        ("2026-01-01", "2026-06-30", "1401.50"),
                        ("2026-07-01", "2026-12-31", number),
                    )
                ],
            }
        ],
    }
    series = {key: shipped.series(key) for key in shipped.keys}
    series.update(parse_document(document, origin="release.json"))
    return ParameterSet(series)
