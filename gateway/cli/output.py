"""What the commands print besides text: JSON for scripts (`--json`) and progress bars for people.

With `--json` stdout holds exactly one JSON document and nothing else (messages and progress go to
stderr), keys in lowerCamelCase, money and other decimals as strings, dates as ISO 8601, as in the
APIs. When a command cannot run at all (exit code 2) stdout stays empty. The keys per command are in
docs/cli.md; a key is never renamed or removed without a new major version.

Progress bars are drawn by tqdm on stderr, and only when stderr is a terminal: a redirected or piped
run (cron, CI, a script reading `--json`) gets no bar lines at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal
from typing import Any

from tqdm import tqdm

JSON_HELP = "alleen JSON op stdout, voor scripts (sleutels: docs/cli.md)"


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """Give a reporting command its `--json` flag."""
    parser.add_argument("--json", action="store_true", help=JSON_HELP)


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def print_json(document: Any) -> None:
    """Print one JSON document on stdout (decimals as strings, dates as ISO 8601)."""
    print(json.dumps(document, ensure_ascii=False, indent=2, default=_plain))


class Progress:
    """A progress bar on stderr fed with "done of total" counts; draws nothing unless stderr is a terminal."""

    def __init__(self, description: str, *, unit: str, scale: bool = False) -> None:
        """`unit` is the word after the counts ("12/40 loonstroken"); with `scale` a symbol such as B, and
        large counts shown as k/M/G."""
        # disable=None: tqdm switches itself off when its stream is not a terminal.
        self._bar = tqdm(
            desc=description,
            unit=unit if scale else f" {unit}",
            unit_scale=scale,
            file=sys.stderr,
            disable=None,
            dynamic_ncols=True,
            leave=False,
        )

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def show(self, done: int, total: int) -> None:
        """Move the bar to `done` of `total`."""
        if done < self._bar.n:
            # A new round (the next table or column) counts from zero again.
            self._bar.reset(total=total)
        elif self._bar.total != total:
            self._bar.total = total
        self._bar.update(done - self._bar.n)

    def describe(self, description: str) -> None:
        """Change the text in front of the bar (e.g. the table being worked on)."""
        self._bar.set_description_str(description, refresh=False)

    def close(self) -> None:
        """End the bar's line."""
        self._bar.close()
