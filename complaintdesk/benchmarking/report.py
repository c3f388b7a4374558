"""The bench's result: the API.md JSON shape and the printed table with ratios and targets."""

from __future__ import annotations

from typing import Any

# django-helpdesk 2.6, 100,000 tickets, SQLite, 2 cores (issue #6): p99 in ms.
PEER_P99_MS = {"inbox": 1700.0, "api_list": 1700.0, "detail": 1070.0}
PEER_SEARCH_P99_MS = 1800.0
PEER_CREATE_RPS = 126.0
TARGET_P99_MS = {"inbox": 50.0, "api_list": 50.0, "detail": 50.0}
TARGET_SEARCH_P99_MS = 100.0


def assemble(measured: dict[str, dict[str, Any]], facts: dict[str, Any]) -> dict[str, Any]:
    """{"<operation>": {rps, p50_ms, p99_ms, queries, ...}, ..., "floor": {insert, select}}.

    "run" holds the facts of the run (size, database, seeding time, ratios).
    """
    result: dict[str, Any] = {k: v for k, v in measured.items() if not k.startswith("floor_")}
    result["floor"] = {
        "insert": measured.get("floor_insert", {}),
        "select": measured.get("floor_select", {}),
    }
    floor_rps = float(result["floor"]["insert"].get("rps") or 0)
    create_rps = float(result.get("create", {}).get("rps") or 0)
    ratio = round(create_rps / floor_rps, 3) if floor_rps else None
    result["run"] = {**facts, "create_vs_floor_insert": ratio}
    return result


def _target(name: str, p99: float) -> str:
    limit = TARGET_SEARCH_P99_MS if name.startswith("search") else TARGET_P99_MS.get(name)
    peer = PEER_SEARCH_P99_MS if name.startswith("search") else PEER_P99_MS.get(name)
    parts = []
    if limit is not None:
        parts.append(f"target<{limit:.0f}ms {'ok' if p99 < limit else 'MISSED'}")
    if peer is not None and p99 > 0:
        parts.append(f"{peer / p99:.0f}x faster than peer")
    return ", ".join(parts)


def render_table(result: dict[str, Any]) -> str:
    """A fixed-width table of every operation and the floor, then the ratios."""
    rows = [
        f"{'operation':<14}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'queries':>9}"
        f"{'errors':>8}{'RSS MiB':>9}  notes"
    ]
    entries = [(k, v) for k, v in result.items() if k not in ("floor", "run")]
    entries += [(f"floor_{k}", v) for k, v in result["floor"].items()]
    for name, s in entries:
        if not s:
            continue
        rows.append(
            f"{name:<14}{s['rps']:>9.1f}{s['p50_ms']:>9.2f}{s['p99_ms']:>9.2f}{s['queries']:>9}"
            f"{s['errors']:>8}{s['peak_rss_mb']:>9.1f}  {_target(name, s['p99_ms'])}"
        )
    run = result["run"]
    ratio = run.get("create_vs_floor_insert")
    rows.append(
        f"{run['size']:,} complaints on {run['database']}; create = "
        f"{ratio if ratio is not None else '?'} x floor insert (target >= 0.5)"
    )
    return "\n".join(rows) + "\n"
