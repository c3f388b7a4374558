"""The floor: bare Django views doing one INSERT or one indexed SELECT.

They run in the same gunicorn, through the same middleware, against the same
database as the product, so "our create / the floor's insert" isolates what the
product adds on top of Django itself.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

TABLE = "bench_floor"


def ensure_table() -> None:
    """The floor's own table: created by the bench, never part of the product's schema."""
    key = "bigserial PRIMARY KEY" if connection.vendor == "postgresql" else "integer PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id {key}, body text NOT NULL,"
            " at timestamp NOT NULL)"
        )


@csrf_exempt
def insert(request: HttpRequest) -> HttpResponse:
    """One INSERT of one row (autocommit: one transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (body, at) VALUES (%s, %s)",  # noqa: S608
            [request.body.decode("utf-8", "replace")[:500], timezone.now()],
        )
    return HttpResponse("ok", content_type="text/plain", status=201)


def select(request: HttpRequest, pk: int) -> HttpResponse:
    """One SELECT by primary key on the complaints table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, reference, subject, status FROM complaints_complaint WHERE id = %s", [pk]
        )
        row = cursor.fetchone()
    return HttpResponse(str(row), content_type="text/plain")
