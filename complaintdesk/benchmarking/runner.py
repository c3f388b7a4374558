"""One benchmark run against the database this process is configured for.

Order: migrate, seed (top up to N), count queries per operation in-process,
start gunicorn, drive each operation for a bounded time, stop, report.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, TextIO

from django.core.management import call_command
from django.db import DatabaseError, connection
from tqdm import tqdm

from complaintdesk.complaints.models import Complaint

from . import corpus, floor
from .load import drive
from .operations import Operation, count_queries, operations, sample_references
from .report import assemble, render_table
from .seed import ensure_cast, seed
from .server import Server


def prepare(size: int, out: TextIO) -> tuple[list[Operation], dict[str, Any]]:
    """Schema, data and the operations to run; also returns facts about the seeding."""
    call_command("migrate", verbosity=0, interactive=False)
    floor.ensure_table()
    texts = corpus.load()
    cast = ensure_cast()
    started = time.perf_counter()
    with tqdm(total=size, unit=" complaints", desc="seeding", file=out) as bar:
        bar.update(Complaint.objects.count())
        added = seed(size, texts, progress=bar.update)
    elapsed = time.perf_counter() - started
    # Fresh bulk-loaded tables have no planner statistics, and on PostgreSQL a GIN
    # pending list, until autovacuum gets to them; production databases are past
    # that, so measure them that way.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    prewarmed = prewarm(out)
    facts = {
        "size": Complaint.objects.count(),
        "seeded": added,
        "seed_seconds": round(elapsed, 1),
        "database": connection.vendor,
        "prewarmed": prewarmed,
    }
    references = sample_references()
    top = Complaint.objects.order_by("-id").values_list("id", flat=True).first() or 1
    return operations(cast, texts, references, top), facts


def prewarm(out: TextIO) -> bool:
    """PostgreSQL: load the tables and indexes into shared buffers with pg_prewarm, as a
    server that has been serving them holds its working set; a fresh run would otherwise
    measure disk reads (some VMs drop the OS page cache within seconds). Skipped, with a
    note, where the extension cannot be created."""
    if connection.vendor != "postgresql":
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT coalesce(sum(pg_prewarm(c.oid)), 0) FROM pg_class c"
                " WHERE c.relkind IN ('r', 'i', 't')"
                " AND (c.relnamespace = current_schema()::regnamespace OR c.oid IN"
                " (SELECT reltoastrelid FROM pg_class"
                " WHERE relnamespace = current_schema()::regnamespace))"
            )
    except DatabaseError as exc:
        out.write(f"not prewarmed (pg_prewarm: {exc})\n")
        return False
    return True


def run(size: int, *, seconds: float, clients: int, out: TextIO, log: Path) -> dict[str, Any]:
    """The whole run; returns the API.md "Benchmarks" JSON."""
    ops, facts = prepare(size, out)
    queries = {op.name: count_queries(op.make(0)) for op in ops}
    connection.close()
    server = Server(log)
    server.start()
    measured: dict[str, dict[str, Any]] = {}
    try:
        for op in ops:
            out.write(f"  {op.name} ...\n")
            stats = drive(server.port, op.make, expect=op.expect, seconds=seconds, clients=clients)
            measured[op.name] = {
                **stats.summary(),
                "queries": queries[op.name],
                "peak_rss_mb": server.peak_rss_mb(),
            }
            if stats.first_error:
                measured[op.name]["first_error"] = stats.first_error
    finally:
        server.stop()
    result = assemble(measured, {**facts, "clients": clients, "seconds": seconds})
    out.write(render_table(result))
    return result
