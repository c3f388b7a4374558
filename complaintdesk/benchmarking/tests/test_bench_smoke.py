"""The bench runs end to end on a tiny SQLite database: shape and errors, never timings."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from complaintdesk.benchmarking.runner import prewarm

OPERATIONS = {
    "create",
    "inbox",
    "api_list",
    "search_en",
    "search_zh",
    "search_el",
    "search_team",
    "detail",
    "reply_check",
}
ROOT = Path(__file__).resolve().parents[3]


def test_bench_writes_the_api_shape_and_every_operation_succeeds(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [
        sys.executable,
        "-m",
        "complaintdesk",
        "bench",
        "--size=200",
        "--seconds=1",
        f"--database-url=sqlite:///{tmp_path / 'bench.sqlite3'}",
        f"--json={out}",
    ]
    env = {k: v for k, v in os.environ.items() if k != "COMPLAINTDESK_BENCH_CHILD"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=600, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    result = json.loads(out.read_text())
    assert set(result) >= OPERATIONS
    assert set(result["floor"]) == {"insert", "select"}
    measured = {name: result[name] for name in OPERATIONS}
    measured |= {f"floor_{k}": v for k, v in result["floor"].items()}
    for name, stats in measured.items():
        assert {"rps", "p50_ms", "p99_ms", "queries"} <= set(stats), name
        assert stats["requests"] > 0, name
        assert stats["errors"] == 0, (name, stats.get("first_error"))
        assert stats["queries"] >= 1, name
    assert result["run"]["size"] >= 200


@pytest.mark.django_db(transaction=True)
def test_prewarm_loads_postgresql_buffers_and_leaves_sqlite_alone() -> None:
    out = io.StringIO()
    assert prewarm(out) is (connection.vendor == "postgresql")
    assert out.getvalue() == ""
