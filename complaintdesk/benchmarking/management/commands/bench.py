"""`complaintdesk bench --size N --db sqlite|postgres [--json FILE] [--seconds S]`.

The command re-runs itself in a child process whose DATABASE_URL points at the
benchmark database (one per size and engine, reused and topped up between runs),
so the product's own database is never touched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

CHILD = "COMPLAINTDESK_BENCH_CHILD"
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def database_url(options: dict[str, Any]) -> str:
    if options["database_url"]:
        return str(options["database_url"])
    if options["db"] == "postgres":
        base = os.environ.get("COMPLAINTDESK_BENCH_POSTGRES", POSTGRES).rstrip("/")
        return f"{base}/complaintdesk_bench_{options['size']}"
    folder = Path(settings.BASE_DIR).parent / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"bench-{options['size']}.sqlite3"
    return f"sqlite:///{folder / name}"


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    base, _slash, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class Command(BaseCommand):
    help = "Seed N complaints, serve them with gunicorn and measure every operation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=10_000)
        parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
        parser.add_argument("--json", type=Path, help="Write the API.md JSON here")
        parser.add_argument("--seconds", type=float, default=10.0, help="Per operation")
        parser.add_argument("--clients", type=int, default=2, help="Concurrent clients")
        parser.add_argument("--database-url", help="Use this database instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if os.environ.get(CHILD):
            self._run(options)
            return
        url = database_url(options)
        if url.startswith("postgres"):
            ensure_postgres_database(url)
        argv = [sys.executable, "-m", "complaintdesk", "bench", *sys.argv[2:]]
        env = {**os.environ, CHILD: "1", "DATABASE_URL": url}
        self.stdout.write(f"benchmark database: {url}")
        code = subprocess.run(argv, env=env, check=False).returncode  # noqa: S603
        if code:
            raise CommandError(f"benchmark failed (exit {code})")

    def _run(self, options: dict[str, Any]) -> None:
        from complaintdesk.benchmarking.runner import run

        log = Path(settings.BASE_DIR).parent / "var" / "bench" / "gunicorn.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        result = run(
            options["size"],
            seconds=options["seconds"],
            clients=options["clients"],
            out=sys.stdout,
            log=log,
        )
        if options["json"]:
            options["json"].write_text(json.dumps(result, indent=2, ensure_ascii=False))
