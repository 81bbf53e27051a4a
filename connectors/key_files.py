"""Where an agency's private signing key lives on disk: `<key dir>/agencies/<client id>.jwk.json`.

`loonbrug agency create` writes one there in development and `loonbrug demo` for its agencies;
`loonbrug push`, `import` and `meldingen` read it from there unless `--key` names another file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from gateway.settings import Settings

AGENCY_KEY_FOLDER = "agencies"


def key_path(settings: Settings, client_id: str) -> Path:
    """Where the private key of `client_id` is written and looked for."""
    return settings.resolved_key_dir / AGENCY_KEY_FOLDER / f"{client_id}.jwk.json"


def write_private_key(path: Path, document: dict[str, Any]) -> None:
    """Write a development private key as a JWK file readable by its owner only; never overwrite one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
