"""Write the JSON Schemas of the contract into `schemas/json/` (run `python -m schemas.export`).

Input models are exported as the validator sees them, result models as they are serialised. A test
checks that the checked-in files are current, so a model change without a new export fails CI.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from schemas.benefit_case import BenefitCase
from schemas.pay_record import PayBatch, PayRecord
from schemas.problems import Problem

JSON_DIR = Path(__file__).parent / "json"

Mode = Literal["validation", "serialization"]

# Modules that contribute their own `EXPORTED_MODELS`, with the mode their models are exported in.
_CONTRIBUTING_MODULES: tuple[tuple[str, Mode], ...] = (
    ("schemas.case", "validation"),
    ("schemas.figures", "serialization"),
    ("schemas.receipt", "serialization"),
    ("schemas.flextensie", "serialization"),
    ("schemas.notifications", "serialization"),
    ("schemas.self_employed", "validation"),
)


def exported_models() -> Iterator[tuple[type[BaseModel], Mode]]:
    """Every top-level contract model with the mode its schema is exported in."""
    yield PayRecord, "validation"
    yield PayBatch, "validation"
    yield BenefitCase, "validation"
    yield Problem, "serialization"
    for module_name, mode in _CONTRIBUTING_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for model in module.EXPORTED_MODELS:
            yield model, mode


def render(model: type[BaseModel], mode: Mode) -> str:
    """The JSON Schema of `model` as stable, pretty-printed text."""
    schema = model.model_json_schema(by_alias=True, mode=mode)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://loonbrug.nl/schemas/{model.__name__}.json"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def expected_files() -> dict[str, str]:
    """File name → content for every exported schema."""
    return {f"{model.__name__}.json": render(model, mode) for model, mode in exported_models()}


def main() -> int:
    """Regenerate `schemas/json/`, removing files of models that no longer exist."""
    JSON_DIR.mkdir(exist_ok=True)
    expected = expected_files()
    for stale in set(p.name for p in JSON_DIR.glob("*.json")) - set(expected):
        (JSON_DIR / stale).unlink()
    for name, text in expected.items():
        (JSON_DIR / name).write_text(text, encoding="utf-8")
    print(f"{len(expected)} schema's geschreven naar {JSON_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
