"""The checked-in JSON Schemas must match the models (regenerate with `python -m schemas.export`)."""

from schemas.export import JSON_DIR, expected_files


def test_exported_json_schemas_are_current() -> None:
    expected = expected_files()
    present = {path.name: path.read_text(encoding="utf-8") for path in JSON_DIR.glob("*.json")}
    stale = sorted(name for name in expected if present.get(name) != expected[name])
    extra = sorted(set(present) - set(expected))
    hint = "run `python -m schemas.export`"
    assert not stale, f"schemas/json is out of date for {stale}; {hint}"
    assert not extra, f"schemas/json holds schemas of models that no longer exist: {extra}; {hint}"
