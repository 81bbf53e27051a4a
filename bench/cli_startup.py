"""Benchmark: how long `loonbrug --help` and `loonbrug calc` take, next to `python -c "import pydantic"`.

Each command runs as a fresh process, interleaved with the others so that a busy machine slows all of
them alike; reports the mean and the fastest wall time and CPU time (user + system) in milliseconds,
and calc's ratio to the pydantic import (issue 16 asks for at most 2.5). Next to it, a process that only
defines one pydantic model with one field: the first model loads pydantic's schema machinery (and, for
its plugins, `importlib.metadata`), a cost every command that validates its input pays, however few
models it has. Bytecode caching is switched
on (into a temporary folder) as it is for anyone who installed Loonbrug: with PYTHONDONTWRITEBYTECODE
set, every project module would be compiled from source on every run.

    python bench/cli_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
CASE = ROOT / "examples" / "case-single-two-agencies.json"
ONE_MODEL = "from pydantic import BaseModel\nclass One(BaseModel):\n    number: int"
COMMANDS = {
    "import pydantic": [sys.executable, "-c", "import pydantic"],
    "one pydantic model": [sys.executable, "-c", ONE_MODEL],
    "loonbrug --help": [sys.executable, "-m", "gateway.cli.main", "--help"],
    "loonbrug calc": [sys.executable, "-m", "gateway.cli.main", "calc", str(CASE)],
}


def _run(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, check=True)  # noqa: S603
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    """Measure and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each command (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        environment["PYTHONPYCACHEPREFIX"] = cache
        for command in COMMANDS.values():
            _run(command, environment)  # fills the bytecode cache
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
        for _ in range(args.runs):
            for name, command in COMMANDS.items():
                times[name].append(_run(command, environment))
    figures = {
        name: {
            "wallMeanMs": round(1000 * statistics.mean(wall for wall, _ in runs)),
            "wallMinMs": round(1000 * min(wall for wall, _ in runs)),
            "cpuMeanMs": round(1000 * statistics.mean(cpu for _, cpu in runs)),
            "cpuMinMs": round(1000 * min(cpu for _, cpu in runs)),
        }
        for name, runs in times.items()
    }
    calc, pydantic, one = figures["loonbrug calc"], figures["import pydantic"], figures["one pydantic model"]
    result = {
        "runs": args.runs,
        "loadAverage": round(os.getloadavg()[0], 2),
        "commands": figures,
        "calcToPydantic": {
            "wallMean": round(calc["wallMeanMs"] / pydantic["wallMeanMs"], 2),
            "wallMin": round(calc["wallMinMs"] / pydantic["wallMinMs"], 2),
            "cpuMin": round(calc["cpuMinMs"] / max(pydantic["cpuMinMs"], 1), 2),
        },
        "oneModelToPydantic": {
            "wallMin": round(one["wallMinMs"] / pydantic["wallMinMs"], 2),
            "cpuMin": round(one["cpuMinMs"] / max(pydantic["cpuMinMs"], 1), 2),
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
