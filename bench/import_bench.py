"""CSV import benchmark: the CFPB sample, repeated with new complaint ids, into a fresh database.

    .venv/bin/python bench/import_bench.py [--copies 10] [--runs 3] [--jobs 0] [--json FILE]

Each run drops and re-creates the PostgreSQL database `complaintdesk_bench_import`
(COMPLAINTDESK_BENCH_POSTGRES names another server), migrates it, and times
`complaintdesk import-csv FILE --mapping cfpb` in a child process, as a user runs
it. Copy k of the sample gets complaint ids shifted by k * 100,000,000, so every row
is a new complaint with a new customer. Prints rows per second for each run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (
    ROOT.parent / "shared" / "corpora" / "cfpb-complaints-sample" / "complaints_2023_head1MiB.csv"
)
SERVER = os.environ.get("COMPLAINTDESK_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "complaintdesk_bench_import"
RATE = re.compile(r"(\d+) imported.* in ([\d.]+) s")


def make_file(copies: int, target: Path) -> int:
    """The sample `copies` times with shifted ids; its last, truncated line is left out."""
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [row for row in reader if len(row) == len(header)]
    key = header.index("Complaint ID")
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for copy in range(copies):
            for row in rows:
                writer.writerow(
                    [*row[:key], str(int(row[key]) + copy * 100_000_000), *row[key + 1 :]]
                )
    return copies * len(rows)


def fresh_database() -> str:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    return f"{SERVER}/{DATABASE}"


def run_once(file: Path, jobs: int) -> tuple[int, float]:
    env = {**os.environ, "DATABASE_URL": fresh_database()}
    manage = [sys.executable, "-m", "complaintdesk"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
    command = [*manage, "import-csv", str(file), "--mapping", "cfpb", "--no-progress"]
    if jobs:
        command += ["--jobs", str(jobs)]
    done = subprocess.run(command, env=env, check=True, cwd=ROOT, capture_output=True, text=True)
    found = RATE.search(done.stdout)
    if found is None:
        raise SystemExit(f"unexpected import output: {done.stdout!r}")
    return int(found.group(1)), float(found.group(2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="import-csv --jobs (0: its default)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "cfpb.csv"
        rows = make_file(args.copies, file)
        results = []
        for run in range(1, args.runs + 1):
            imported, seconds = run_once(file, args.jobs)
            if imported != rows:
                raise SystemExit(f"run {run}: imported {imported} of {rows} rows")
            results.append(
                {"rows": rows, "seconds": seconds, "rows_per_second": round(rows / seconds)}
            )
            print(
                f"run {run}: {rows} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
