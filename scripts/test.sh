#!/usr/bin/env bash
# The whole test suite, as the README's second command and CI (.ci/run) run it:
# install into .venv, make sure PostgreSQL runs, lint and type-check, then pytest on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL="${LOONBRUG_TEST_PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
VENV="${LOONBRUG_VENV:-.venv}"

step() { printf '\n== %s\n' "$*"; }

step "install ($VENV)"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'

step "PostgreSQL on 127.0.0.1:5432"
bash scripts/ensure-postgres.sh

step "Chromium for the browser tests"
bash scripts/ensure-chromium.sh

step "ruff"
"$VENV/bin/ruff" check .

step "mypy --strict (schemas, gateway/engine)"
"$VENV/bin/mypy" --strict schemas gateway/engine

step "pytest on SQLite"
env -u LOONBRUG_TEST_DATABASE_URL "$VENV/bin/pytest" "$@"

step "pytest on PostgreSQL"
LOONBRUG_TEST_DATABASE_URL="$PG_URL" "$VENV/bin/pytest" "$@"
