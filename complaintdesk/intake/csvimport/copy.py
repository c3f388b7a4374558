"""Inserting model instances fast: COPY on PostgreSQL, bulk_create elsewhere.

COPY skips Django's per-row SQL compilation and the server's per-statement
parsing, which is most of the cost of a bulk import. Instances must carry their
primary keys (see bulk.allocate_ids); values go through each field's
get_db_prep_save, so they are stored exactly as Model.save() would store them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from django.db import connection, models
from django.db.models import Model

_BATCH = 500


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """Reserve `count` primary keys, so references can embed the id in the same INSERT.

    PostgreSQL: from the table's sequence (safe under concurrency). SQLite: after the
    highest id ever given; safe because our transactions start IMMEDIATE, so this
    writer holds the database's write lock until it commits.
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [int(row[0]) for row in cursor.fetchall()]
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
        top = int(cursor.fetchone()[0])
        cursor.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        start = max(top, int(cursor.fetchone()[0])) + 1
    return list(range(start, start + count))


# Fields whose Python value psycopg stores as is; anything else (JSON, decimals,
# auto_now stamps) goes through the field's own conversion.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _reader(field: Any) -> Callable[[Model], Any]:
    if isinstance(field, _PLAIN) or (
        isinstance(field, models.DateTimeField) and not (field.auto_now or field.auto_now_add)
    ):
        return attrgetter(field.attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, add=True), connection)


def insert(objects: Sequence[Model], *, need_pk: bool) -> None:
    """INSERT every instance (all of one model) in as few statements as the engine allows.

    With `need_pk`, every instance has its primary key afterwards (given ones are kept);
    without it, PostgreSQL assigns keys the caller never sees.
    """
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(list(objects), batch_size=_BATCH)
        return
    pk = model._meta.pk
    assert pk is not None
    if need_pk:
        missing = [obj for obj in objects if obj.pk is None]
        for obj, value in zip(missing, allocate_ids(model, len(missing)), strict=True):
            obj.pk = value
    fields = [
        f for f in model._meta.concrete_fields if not f.generated and (need_pk or f is not pk)
    ]
    readers = [_reader(f) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([read(obj) for read in readers])
