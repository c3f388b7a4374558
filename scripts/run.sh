#!/usr/bin/env bash
# Command 1: install, migrate, load demo data, serve at http://127.0.0.1:8000 with a worker.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
export COMPLAINTDESK_SQLITE_PATH="${COMPLAINTDESK_SQLITE_PATH:-$PWD/var/complaintdesk.sqlite3}"
mkdir -p var
.venv/bin/complaintdesk migrate --noinput
.venv/bin/complaintdesk collectstatic --noinput --verbosity 0
.venv/bin/complaintdesk demo ${DEMO_PASSWORD:+--password "$DEMO_PASSWORD"}
.venv/bin/complaintdesk worker &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT
echo "complaintdesk is serving at http://127.0.0.1:8000  (API docs: /api/v1/docs, Ctrl-C stops)"
.venv/bin/gunicorn complaintdesk.wsgi --config python:complaintdesk.gunicorn_conf --bind 127.0.0.1:8000 --workers 2 --access-logfile -
