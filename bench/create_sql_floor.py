"""How fast can a create be at all? Its own SQL, replayed by a bare view, against the floor.

    .venv/bin/python bench/create_sql_floor.py --size 5000 --db sqlite|postgres [--seconds 6]

Uses the benchmark database of that size (run `complaintdesk bench --size N` first).
It runs one API create in-process and records every statement it sent with its
parameters. gunicorn then serves the benchmark's app plus `/create-sql/`: a bare view
that sends those same statements in one transaction, with the complaint's id,
reference, tracking token and outbox Message-ID made fresh, and no validation,
rendering or other Python of the product's; `/create-inserts/` sends only its
INSERTs (the complaint, its deadlines, outbox row, events and search row: the writes
issue #6 names). The script drives the real create, both replays and the floor
insert in turn, 2 clients each, and prints their rates. The replays' rates bound
what any create writing the same rows can reach on this machine. Replayed complaints
are deleted at the end.
"""

from __future__ import annotations

import argparse
import itertools
import os
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STATEMENTS = "COMPLAINTDESK_CREATE_SQL"
# Replayed complaints get negative ids: the product's ids (max + 1 on SQLite) stay clear
# of them, and they are found by the sign afterwards.
POSTGRES = os.environ.get("COMPLAINTDESK_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _replay_app() -> Any:
    """The benchmark's WSGI app plus /create-sql/ (gunicorn imports this module)."""
    from complaintdesk.benchmarking.wsgi import application  # sets Django up

    _add_replay_view()
    return application


def _add_replay_view() -> None:
    from django.db import connection, transaction
    from django.http import HttpRequest, HttpResponse
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    from complaintdesk.benchmarking import urls

    with open(os.environ[STATEMENTS], "rb") as handle:
        statements, unique = pickle.load(handle)  # noqa: S301 (this script's own file)
    serial = itertools.count(1)

    def replayer(chosen: list[tuple[str, list[Any]]]) -> Any:
        @csrf_exempt
        def replay(request: HttpRequest) -> HttpResponse:
            new_id = -(os.getpid() * 10**6 + next(serial))
            fresh = {
                old: f"{old[:8]}{new_id}" if isinstance(old, str) else new_id for old in unique
            }
            with transaction.atomic(), connection.cursor() as cursor:
                for sql, params in chosen:
                    fresh_params = [
                        fresh.get(p, p) if isinstance(p, int | str) else p for p in params
                    ]
                    cursor.execute(sql, fresh_params)
            return HttpResponse("ok", content_type="text/plain", status=201)

        return replay

    inserts = [(sql, params) for sql, params in statements if sql.startswith("INSERT")]
    urls.urlpatterns.insert(0, path("create-sql/", replayer(statements)))
    urls.urlpatterns.insert(0, path("create-inserts/", replayer(inserts)))


def _capture(texts: Any, token: str, target: Path) -> None:
    """Record the statements of one create and the values that must be fresh on replay."""
    from django.db import connection
    from django.test import Client

    from complaintdesk.benchmarking.operations import _create_body
    from complaintdesk.complaints.models import Complaint
    from complaintdesk.worker.models import OutboxMessage

    client = Client()

    def create(i: int) -> str:
        """One create through the whole stack; the new complaint's reference."""
        answer = client.post(
            "/api/v1/complaints",
            _create_body(texts, i),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        if answer.status_code != 201:
            raise SystemExit(f"create answered {answer.status_code}")
        return str(answer.json()["reference"])

    for _ in range(5):  # warm up; the recorded create then finds its customer
        create(5)
    sent: list[tuple[str, list[Any]]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not sql.startswith(("BEGIN", "COMMIT")):  # the replay has its own transaction
            sent.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        made = Complaint.objects.get(reference=create(5))
    unique = [made.pk, made.reference, made.tracking_token]
    unique += list(
        OutboxMessage.objects.filter(complaint=made).values_list("message_id", flat=True)
    )
    with target.open("wb") as handle:
        pickle.dump((sent, unique), handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    folder = ROOT / "var" / "bench"
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / f'bench-{args.size}.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = f"{POSTGRES}/complaintdesk_bench_{args.size}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.settings")
    import django

    django.setup()
    from django.db import connection

    from complaintdesk.benchmarking import corpus
    from complaintdesk.benchmarking.load import Request, drive
    from complaintdesk.benchmarking.operations import operations
    from complaintdesk.benchmarking.seed import ensure_cast
    from complaintdesk.benchmarking.server import Server
    from complaintdesk.complaints.models import Complaint

    _delete_replayed()  # of an earlier run that was stopped
    if not Complaint.objects.exists():
        raise SystemExit(f"no complaints: run `complaintdesk bench --size {args.size}` first")
    texts = corpus.load()
    cast = ensure_cast()
    captured = folder / "create-sql.pickle"
    _capture(texts, cast.token, captured)
    connection.close()
    by_name = {op.name: (op.make, op.expect) for op in operations(cast, texts, [], 1)}
    by_name["create_sql"] = (lambda i: Request("POST", "/create-sql/", b"", {}), 201)
    by_name["create_inserts"] = (lambda i: Request("POST", "/create-inserts/", b"", {}), 201)
    os.environ[STATEMENTS] = str(captured)
    server = Server(folder / "create-sql-gunicorn.log", app="bench.create_sql_floor:application")
    os.chdir(ROOT)
    server.start()
    try:
        for _round in range(args.rounds):
            rates = {}
            for name in ("create", "create_sql", "create_inserts", "floor_insert"):
                make, expect = by_name[name]
                stats = drive(server.port, make, expect=expect, seconds=args.seconds, clients=2)
                if stats.errors:
                    raise SystemExit(f"{name}: {stats.errors} errors, first: {stats.first_error}")
                rates[name] = stats.summary()["rps"]
            floor = rates["floor_insert"]
            print(
                f"create {rates['create']:.0f}/s ({rates['create'] / floor:.2f}x floor), "
                f"its SQL alone {rates['create_sql']:.0f}/s ({rates['create_sql'] / floor:.2f}x), "
                f"its INSERTs alone {rates['create_inserts']:.0f}/s"
                f" ({rates['create_inserts'] / floor:.2f}x), "
                f"floor insert {floor:.0f}/s",
                flush=True,
            )
    finally:
        server.stop()
        _delete_replayed()
        captured.unlink(missing_ok=True)


def _delete_replayed() -> None:
    """Remove the replayed complaints and their rows (events cannot be deleted through
    the ORM: the audit trail protects them)."""
    from django.db import connection, transaction
    from django.db.models import ForeignObjectRel

    from complaintdesk.complaints.models import Complaint

    tables = [
        (rel.related_model._meta.db_table, rel.field.column)
        for rel in Complaint._meta.get_fields(include_hidden=True)
        if isinstance(rel, ForeignObjectRel)
        and not rel.many_to_many
        and isinstance(rel.related_model, type)
    ]
    tables.append((Complaint._meta.db_table, "id"))
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column in tables:
            cursor.execute(f"DELETE FROM {table} WHERE {column} < 0")  # noqa: S608


if os.environ.get(STATEMENTS) and __name__ != "__main__":
    application = _replay_app()

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
