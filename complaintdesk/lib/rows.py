"""Inserting rows fast, stored exactly as Model.save() would store them.

- write_rows: for imports. Callers give plain tuples of column values, not model
  instances: building instances costs as much as the server's insert. COPY on
  PostgreSQL, bulk_create elsewhere. Values that need it (JSON) go through the
  field's get_db_prep_save, and every column the caller leaves out gets the
  field's default.
- select and insert: for a request's few rows. Model instances, each field prepared by
  the field itself as save() does, but the INSERT's SQL is built once per model
  and row count instead of compiled by the ORM on every call, which cost more than
  the insert. select reads instances with a SELECT built once per model (each column
  converted as the ORM converts it) for the same reason: on lookups by a key, compiling the
  query took several times as long as running it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import Field, Model

_BATCH = 500
M = TypeVar("M", bound=Model)

# Fields whose Python value psycopg stores as is (callers pass aware datetimes);
# anything else (JSON, decimals) goes through the field's own conversion.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.DateTimeField,
)


def table_of(model: type[Model]) -> str:
    """The model's table name, quoted for SQL."""
    return str(connection.ops.quote_name(model._meta.db_table))


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """Reserve `count` primary keys, so rows can refer to each other in one batch.

    PostgreSQL: from the table's sequence (safe under concurrency). SQLite: after the
    highest id ever given; safe because our transactions start IMMEDIATE, so this
    writer holds the database's write lock until it commits.
    """
    if count == 0:
        return []
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


def _split(
    model: type[Model], columns: Sequence[str]
) -> tuple[list[Field[Any, Any]], list[Field[Any, Any]]]:
    """The fields of `columns`, and the fields the caller leaves to their defaults."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    pk = model._meta.pk
    left_out = [
        f for name, f in fields.items() if name not in columns and f is not pk and not f.generated
    ]
    return [fields[c] for c in columns], left_out


def _preparer(fields: list[Field[Any, Any]]) -> Callable[[Sequence[Any]], list[Any]]:
    """Turns a row of values of `fields` into the values the database stores."""
    convert = [(i, f) for i, f in enumerate(fields) if not isinstance(f, _PLAIN)]

    def prepare(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for i, field in convert:
            values[i] = field.get_db_prep_save(values[i], connection)
        return values

    return prepare


def _defaults(model: type[Model], fields: list[Field[Any, Any]]) -> list[Any]:
    """What Model.save() would store in `fields` when the caller gives no value."""
    blank = model()
    return [f.get_db_prep_save(f.pre_save(blank, add=True), connection) for f in fields]


def write_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """INSERT rows, each the values of `columns` (attnames, e.g. "complaint_id").

    Columns left out get their defaults; leave out "id" to let the database number
    the rows. `rows` may be a generator: on PostgreSQL it is consumed while the
    server is already inserting the first rows.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    if connection.vendor == "postgresql":
        copy_rows(model, columns, chain([first], rows))
    else:
        create_rows(model, columns, chain([first], rows))


def create_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """write_rows through model instances and bulk_create: the ORM's own path."""
    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objects, batch_size=_BATCH)


def _type_name(field: Field[Any, Any]) -> str:
    """The column's type without modifier ("varchar(32)" -> "varchar"), for binary COPY."""
    return re.sub(r"\(.*?\)", "", str(field.db_type(connection)))


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """write_rows with COPY (PostgreSQL only), in binary: less to format than text."""
    given, left_out = _split(model, columns)
    prepare = _preparer(given)
    defaults = _defaults(model, left_out)
    quote = connection.ops.quote_name
    targets = ", ".join(quote(f.column) for f in given + left_out)
    table = table_of(model)
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(f"COPY {table} ({targets}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types([_type_name(f) for f in given + left_out])
            for row in rows:
                copy.write_row(prepare(row) + defaults)


# Values of these types in these fields are what get_db_prep_save would return.
_AS_IS_FIELDS = tuple(f for f in _PLAIN if f is not models.DateTimeField)
_AS_IS_VALUES = frozenset({str, int, bool, type(None)})


def _is_stored_as_is(field: Field[Any, Any]) -> bool:
    """Whether the field's own value, if of a type in _AS_IS_VALUES, is stored unchanged:
    no pre_save of its own (auto_now, files) and no conversion."""
    return isinstance(field, _AS_IS_FIELDS) and type(field).pre_save is Field.pre_save


@cache
def _insert_sql(
    model: type[Model], count: int, with_pk: bool, vendor: str
) -> tuple[str, list[tuple[Field[Any, Any], bool]]]:
    """INSERT of `count` rows of every column (but the primary key unless `with_pk`),
    returning the keys; and each column's field, with whether it is stored as is."""
    meta = model._meta
    assert meta.pk is not None
    fields = [f for f in meta.concrete_fields if (with_pk or f is not meta.pk) and not f.generated]
    quote = connection.ops.quote_name
    row = f"({', '.join(['%s'] * len(fields))})"
    sql = (
        f"INSERT INTO {table_of(model)} ({', '.join(quote(f.column) for f in fields)})"  # noqa: S608
        f" VALUES {', '.join([row] * count)} RETURNING {quote(meta.pk.column)}"
    )
    return sql, [(f, _is_stored_as_is(f)) for f in fields]


def _db_value(obj: Model, field: Field[Any, Any], as_is: bool) -> Any:
    """What save() would store in the field (pre_save, then get_db_prep_save)."""
    if as_is:
        value = getattr(obj, field.attname)
        if type(value) in _AS_IS_VALUES:
            return value
    return field.get_db_prep_save(field.pre_save(obj, add=True), connection)


def insert(objects: Sequence[Model]) -> None:
    """INSERT new instances of one model in one statement and give them their ids.

    Ids already set (from allocate_ids) are kept; give all the objects one or none.
    No save() or signals, as with bulk_create: for models whose writes are plain rows.
    """
    if not objects:
        return
    with_pk = objects[0].pk is not None
    sql, fields = _insert_sql(type(objects[0]), len(objects), with_pk, connection.vendor)
    params = [_db_value(obj, f, as_is) for obj in objects for f, as_is in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = [row[0] for row in cursor.fetchall()]
    for obj, key in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias


@dataclass(frozen=True)
class _Reader:
    """How select() reads a model: its SELECT up to the WHERE, its ORDER BY, and each
    column's converters."""

    head: str
    order: str
    columns: list[str]
    names: list[str]
    pk_index: int
    converters: list[tuple[int, list[Any], Any]]


@cache
def _reader(model: type[Model], vendor: str) -> _Reader:
    quote = connection.ops.quote_name
    fields = list(model._meta.concrete_fields)
    table = model._meta.db_table
    converters = []
    for i, field in enumerate(fields):
        column = field.get_col(table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((i, found, column))
    assert model._meta.pk is not None
    order = []
    for name in model._meta.ordering or [model._meta.pk.name]:
        assert isinstance(name, str), "select() orders by plain field names only"
        ordered = getattr(model._meta.get_field(name.lstrip("-")), "column", None)
        assert isinstance(ordered, str), f"{name} is not a column"
        order.append(f"{quote(ordered)} {'DESC' if name.startswith('-') else 'ASC'}")
    columns = [quote(f.column) for f in fields]
    return _Reader(
        head=f"SELECT {', '.join(columns)} FROM {table_of(model)} WHERE",  # noqa: S608
        order=", ".join(order),
        columns=columns,
        names=[f.attname for f in fields],
        pk_index=[f.primary_key for f in fields].index(True),
        converters=converters,
    )


def select(
    model: type[M], where: str, params: Sequence[Any] = (), *, limit: int | None = None
) -> list[M]:
    """Instances whose rows match `where` (SQL over the model's own columns, with %s
    placeholders), in the model's default order. Each column is converted by the same
    converters the ORM applies."""
    reader = _reader(model, connection.vendor)
    sql = f"{reader.head} {where} ORDER BY {reader.order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    return [_instance(model, reader, row) for row in fetched]


def _instance(model: type[M], reader: _Reader, row: Sequence[Any]) -> M:
    values = list(row)
    for i, functions, column in reader.converters:
        for convert in functions:
            values[i] = convert(values[i], column, connection)
    return model.from_db(connection.alias, reader.names, values)


def columns_of(model: type[Model], alias: str) -> str:
    """The model's columns for a hand-written join, in the order instances_of() reads."""
    return ", ".join(f"{alias}.{c}" for c in _reader(model, connection.vendor).columns)


def instances_of(row: Sequence[Any], *models: type[Model]) -> list[Model | None]:
    """Split a joined row, selected with columns_of() for each model in turn, into
    instances (None where an outer join found no row)."""
    found: list[Model | None] = []
    start = 0
    for model in models:
        reader = _reader(model, connection.vendor)
        values = row[start : start + len(reader.columns)]
        start += len(reader.columns)
        missing = values[reader.pk_index] is None
        found.append(None if missing else _instance(model, reader, values))
    return found


def select_first(model: type[M], where: str, params: Sequence[Any] = ()) -> M | None:
    """The first instance select() would give, or None."""
    found = select(model, where, params, limit=1)
    return found[0] if found else None
