"""The licence: the EUPL-1.2 text unchanged at the root, and the package metadata naming it."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
# Pinned so that an edit of the licence is noticed: the official English text, as the SPDX licence list
# has it (what `reuse download EUPL-1.2` fetches).
EUPL_1_2 = "b56930706dd647adc517580349805a3f8fadf5c0d00845efe49b9b7383d367d1"


def test_the_licence_text_is_the_eupl_1_2_unchanged() -> None:
    text = (ROOT / "LICENSE").read_bytes()
    assert text.decode("utf-8").lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert hashlib.sha256(text).hexdigest() == EUPL_1_2


def test_the_package_metadata_names_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == "EUPL-1.2"
    assert project["license-files"] == ["LICENSE"]


def test_the_readme_states_it() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("\n## Licence\n", 1)[1]
    assert "EUPL-1.2" in section
    assert "[LICENSE](LICENSE)" in section
