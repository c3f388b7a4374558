"""Worker benchmark: the SLA step with 100,000 open promises.

    DJANGO_SETTINGS_MODULE=complaintdesk.settings \\
        .venv/bin/python bench/worker_bench.py --promises 100000 [--json FILE]

Uses a fresh SQLite file unless DATABASE_URL is set (then use a database of
its own: the run adds rows). Seeds ``--promises`` open promises with
bulk_create, most of them due days ahead; ``--due`` of them reach their
warning time spread over the next ``--window`` seconds while a real worker
loop runs. Prints the warning latency (event time minus ``warn_at``: the
issue asks for under 5 s) and then the sweep throughput on ``--burst``
promises that are all due at once (promises settled per second, each with
its event, two alerts (owner and supervisor) and two internal emails).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp()) / "worker-bench.sqlite3"
        os.environ["COMPLAINTDESK_SQLITE_PATH"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _cast() -> tuple[Any, Any, list[Any]]:
    """A team with an agent and a supervisor, and 1,000 complaints to hang promises on."""
    from django.utils import timezone

    from complaintdesk.accounts.models import Role, Team
    from complaintdesk.accounts.services import create_staff
    from complaintdesk.complaints.models import Complaint
    from complaintdesk.customers.models import Customer

    tag = secrets.token_hex(3)
    team = Team.objects.create(slug=f"bench-{tag}", name="Bench")
    agent = create_staff(
        username=f"bench-agent-{tag}", password="x" * 12, role=Role.AGENT, teams=[team.slug]
    )
    supervisor = create_staff(
        username=f"bench-lead-{tag}", password="x" * 12, role=Role.SUPERVISOR, teams=[team.slug]
    )
    agent.email, supervisor.email = "agent@bench.example", "lead@bench.example"
    agent.save()
    supervisor.save()
    customer = Customer.objects.create(name="Bench", email="customer@bench.example")
    now = timezone.now()
    complaints = Complaint.objects.bulk_create(
        Complaint(
            reference=f"B-{tag}-{i:06d}",
            tracking_token=secrets.token_urlsafe(24),
            customer=customer,
            team=team,
            channel="email",
            subject="Benchmark complaint",
            description="Seeded by bench/worker_bench.py",
            created_at=now,
            updated_at=now,
        )
        for i in range(1000)
    )
    return agent, supervisor, complaints


def _seed(total: int, due: int, window: float, agent: Any, complaints: list[Any]) -> None:
    """``total`` open promises; ``due`` of them warn within ``window`` seconds from now.

    The far-off ones go first, so the clock for the due ones starts after the
    slow part of the seeding.
    """
    from django.utils import timezone

    from complaintdesk.sla.models import Promise

    now = timezone.now()
    batch: list[Promise] = []
    for i in range(total):
        if i == total - due:
            Promise.objects.bulk_create(batch)
            batch, now = [], timezone.now()
        if i >= total - due:
            warn_at = now + timedelta(seconds=1 + window * (i - total + due) / max(due, 1))
        else:
            warn_at = now + timedelta(days=1, seconds=i)
        promised_at = warn_at + timedelta(minutes=30)
        batch.append(
            Promise(
                complaint=complaints[i % len(complaints)],
                owner=agent,
                description="Call back",
                internal_due_at=promised_at,
                promised_at=promised_at,
                warn_at=warn_at,
                created_at=now,
            )
        )
        if len(batch) == 5000:
            Promise.objects.bulk_create(batch)
            batch = []
    Promise.objects.bulk_create(batch)


def _latencies(since_id: int) -> list[float]:
    """Seconds from each promise's warn_at to its promise_at_risk event."""
    from complaintdesk.complaints.models import Event
    from complaintdesk.sla.models import Promise

    events = Event.objects.filter(kind="promise_at_risk", id__gt=since_id).values_list(
        "detail__promise_id", "at"
    )
    at_by_promise = dict(events)
    warn = dict(Promise.objects.filter(pk__in=at_by_promise).values_list("pk", "warn_at"))
    return sorted((at - warn[pk]).total_seconds() for pk, at in at_by_promise.items())


def _run_worker(seconds: float) -> None:
    from complaintdesk.sla.sweep import sweep_due
    from complaintdesk.worker.loop import Worker

    worker = Worker([("sla", sweep_due)], idle_sleep=0.2)
    timer = threading.Timer(seconds, worker.stop)
    timer.start()
    worker.run()
    timer.cancel()


def _burst(burst: int) -> tuple[int, float]:
    """Make ``burst`` far-off promises due now; time the sweep until nothing is left."""
    from django.utils import timezone

    from complaintdesk.sla.models import Promise, PromiseStatus
    from complaintdesk.sla.sweep import sweep_due

    now = timezone.now()
    ids = list(
        Promise.objects.filter(status=PromiseStatus.OPEN, warn_at__gt=now)
        .order_by("warn_at")
        .values_list("pk", flat=True)[:burst]
    )
    Promise.objects.filter(pk__in=ids).update(warn_at=now - timedelta(seconds=1))
    started = time.perf_counter()
    settled = 0
    while done := sweep_due():
        settled += done
    return settled, time.perf_counter() - started


def _pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--promises", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000, help="promises warning during the run")
    parser.add_argument("--window", type=float, default=10.0, help="seconds they are spread over")
    parser.add_argument("--burst", type=int, default=2000, help="promises due at once")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    _setup()
    from django.db import connection

    from complaintdesk.complaints.models import Event
    from complaintdesk.sla.models import Promise

    agent, _supervisor, complaints = _cast()
    started = time.perf_counter()
    _seed(args.promises, args.due, args.window, agent, complaints)
    seed_s = time.perf_counter() - started
    open_count = Promise.objects.filter(status__in=["open", "at_risk"]).count()
    print(
        f"database: {connection.vendor}; open promises: {open_count:,} (seeded in {seed_s:.1f} s)"
    )
    last_event = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    _run_worker(args.window + 5)
    latency = _latencies(last_event)
    settled, burst_s = _burst(args.burst)
    figures = {
        "open_promises": open_count,
        "warned": len(latency),
        "warning_latency_s": {
            "p50": round(statistics.median(latency), 3) if latency else None,
            "p99": round(_pct(latency, 0.99), 3),
            "max": round(latency[-1], 3) if latency else None,
        },
        "burst": {
            "settled": settled,
            "seconds": round(burst_s, 2),
            "per_s": round(settled / burst_s, 1),
        },
    }
    lat: dict[str, Any] = figures["warning_latency_s"]  # type: ignore[assignment]
    print(f"warnings fired: {len(latency):,} of {args.due:,} due in a {args.window:.0f} s window")
    print(f"warning latency: p50 {lat['p50']} s, p99 {lat['p99']} s, max {lat['max']} s (< 5 s)")
    print(f"sweep throughput: {settled:,} promises in {burst_s:.2f} s = {settled / burst_s:,.0f}/s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
