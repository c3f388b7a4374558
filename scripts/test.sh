#!/usr/bin/env bash
# Command 2: install everything, then lint, type-check, check migrations and run the
# whole suite on SQLite and, when a server is there (or in CI), on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
bash scripts/system-deps.sh

export COMPLAINTDESK_SQLITE_PATH="${COMPLAINTDESK_SQLITE_PATH:-$(mktemp -d)/check.sqlite3}"
PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/complaintdesk}"
unset DATABASE_URL

echo "== ruff"; .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy"; .venv/bin/mypy complaintdesk bench e2e conftest.py
echo "== django checks"; .venv/bin/complaintdesk check --fail-level WARNING
.venv/bin/complaintdesk makemigrations --check --dry-run

run_pytest() {
  local status=0
  .venv/bin/pytest -p no:cacheprovider -n 2 "$@" || status=$?
  if [ "$status" -eq 5 ]; then echo "pytest collected no tests: that is a failure here"; return 1; fi
  return "$status"
}

echo "== tests on SQLite"; run_pytest "$@"

if .venv/bin/python scripts/pg_ready.py "$PG_URL"; then
  echo "== tests on PostgreSQL"; DATABASE_URL="$PG_URL" run_pytest "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not answering at $PG_URL, and CI must test on it"; exit 1
else
  echo "== PostgreSQL not answering at $PG_URL: skipped the PostgreSQL run"
fi
