"""Full-text search over complaints: the one module that knows the database's engine.

Text is folded and tokenised by lib.searchtext, then stored as SearchDocument
rows (one per complaint, one per message) in the caller's transaction, so a
complaint is findable the moment it is committed. The engine's index follows
the rows inside the database:
- SQLite: an external-content FTS5 table kept in sync by triggers;
- PostgreSQL: a generated tsvector column with a GIN index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import QuerySet

from complaintdesk.lib import rows
from complaintdesk.lib.searchtext import Phrases, index_text, query_terms

from .models import Complaint, Message, SearchDocument

DOCS = SearchDocument._meta.db_table
FTS = "complaint_search_fts"

SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(body, content='{DOCS}', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {DOCS} BEGIN"  # noqa: S608
    f" INSERT INTO {FTS}(rowid, body) VALUES (new.id, new.body); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {DOCS} BEGIN"  # noqa: S608
    f" INSERT INTO {FTS}({FTS}, rowid, body) VALUES ('delete', old.id, old.body); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE ON {DOCS} BEGIN"  # noqa: S608
    f" INSERT INTO {FTS}({FTS}, rowid, body) VALUES ('delete', old.id, old.body);"
    f" INSERT INTO {FTS}(rowid, body) VALUES (new.id, new.body); END",
]
POSTGRES_DDL = [
    f"ALTER TABLE {DOCS} ADD COLUMN tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED",
    f"CREATE INDEX {DOCS}_tsv ON {DOCS} USING gin (tsv)",
]


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


class _Indexed(Protocol):
    """What complaint_parts reads of a complaint: a model or a bulk writer's row."""

    @property
    def reference(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def expectation(self) -> str: ...
    @property
    def product(self) -> str: ...
    @property
    def order_ref(self) -> str: ...


class _Named(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str: ...


def complaint_parts(complaint: _Indexed, customer: _Named) -> list[str]:
    """The searchable fields of a complaint and its customer, in index order."""
    return [
        complaint.reference,
        complaint.subject,
        complaint.description,
        complaint.expectation,
        complaint.product,
        complaint.order_ref,
        customer.name,
        customer.email,
    ]


def complaint_body(parts: list[str], tokenise: Callable[[str], str] = index_text) -> str:
    """The indexed body of a complaint. Parts are tokenised one by one (tokens never span
    fields), so a bulk writer may pass a memoised `tokenise` for repeated text. A part
    that tokenises the same as an earlier one (a description that only restates the
    subject) is indexed once."""
    return " ".join(dict.fromkeys(piece for piece in map(tokenise, parts) if piece))


def complaint_document(complaint: Complaint) -> SearchDocument:
    """An unsaved SearchDocument for the complaint: for bulk writers."""
    body = complaint_body(complaint_parts(complaint, complaint.customer))
    return SearchDocument(complaint_id=complaint.pk, source="complaint", body=body)


def message_document(message: Message) -> SearchDocument:
    """An unsaved SearchDocument for one message: for bulk writers."""
    return SearchDocument(
        complaint_id=message.complaint_id,
        source=f"message:{message.pk}",
        body=index_text(message.text),
    )


def index_complaint(complaint: Complaint) -> None:
    """Index a new complaint's own fields and its customer's name and address."""
    rows.insert([complaint_document(complaint)])


def index_message(message: Message) -> None:
    rows.insert([message_document(message)])


def _match_expression(phrases: Phrases) -> str:
    parts = []
    for tokens, prefix in phrases:
        if _is_postgres():
            quoted = " <-> ".join(f"'{tok}'" for tok in tokens)
            parts.append(f"{quoted}:*" if prefix else f"({quoted})")
        else:
            parts.append(f'"{" ".join(tokens)}"' + ("*" if prefix else ""))
    return " & ".join(parts) if _is_postgres() else " ".join(parts)


# Ranking scores every candidate, so it is bounded: the newest WINDOW matching
# documents (that pass the filters) are ranked and paged; a query matching more
# than that shows its best matches among the newest ones. Both engines find the
# newest WINDOW without visiting every match, so a search costs about the same
# at 100,000 and 1,000,000 complaints. The window is the cost: the walk, the GIN
# step's LIMIT and ts_rank all grow with it (docs/BENCHMARKS.md).
WINDOW = 300

# PostgreSQL: first walk the newest PROBE documents backwards, testing each (cheap,
# and enough for a very common term). From the probe's hit rate, size a span of
# newest ids that should hold WINDOW matches: walk it too when it is at most WALK
# documents (a common term's GIN posting list is longer to read than that);
# otherwise let the GIN index find the matches in it, widening the span until it
# holds WINDOW. See docs/BENCHMARKS.md, "Search design notes".
PROBE = 5000
WALK = 25_000


def _restrict(filtered: str) -> str:
    """The filter, checked for each candidate document by its complaint's primary key.

    Written as `IN (<filtered>)`, both engines built the whole filtered set first: a
    team's 335,000 complaints at 1M, about 95 ms on SQLite (once per query) and a
    merge join over their index on PostgreSQL. On PostgreSQL, OFFSET 0 keeps the
    planner from turning the sub-select back into such a join."""
    if not filtered:
        return ""
    fence = " OFFSET 0" if _is_postgres() else ""
    return f" AND EXISTS (SELECT 1 FROM ({filtered}) f WHERE f.id = d.complaint_id{fence})"  # noqa: S608


# For a GIN step the only good plans are bitmap scans: the GIN bitmap alone, or
# ANDed with the id range's. Left alone, the planner underestimates a multi-word
# query's matches (it multiplies the words' frequencies) and walks the primary
# key evaluating @@ on every row of the span, or, on a small table, scans it all.
# Pricing table pages higher and ruling out both kinds of scan leaves it the
# bitmaps, with the intersection first when the span is narrow. Among bitmaps it
# would still take the id range's alone on a wide span and test @@ on every row
# in it (100 ms for a 176,000-row span at 100,000 complaints, against 10 ms from
# the GIN bitmap); pricing an operator at 40x the default, closer to what @@ on a
# stored tsvector costs against an integer comparison, rules that out. (At 100x
# it also prices the id range's index entries so high that a narrow span at 1M
# complaints lost its intersection: "identity theft" 42 ms became 134.)
GIN_PLANNER = {
    "random_page_cost": "20",
    "enable_indexscan": "off",
    "enable_seqscan": "off",
    "cpu_operator_cost": "0.1",
}


@contextmanager
def _planner_settings(cursor: Any) -> Iterator[None]:
    """GIN_PLANNER for the queries inside. SET LOCAL lasts to the end of the outermost
    transaction, not of a savepoint: the settings are put back afterwards so that a
    caller's later queries never run with them."""
    names = list(GIN_PLANNER)
    with transaction.atomic(savepoint=False):
        cursor.execute(f"SELECT {', '.join(['current_setting(%s)'] * len(names))}", names)
        saved = cursor.fetchone()
        _set_local(cursor, GIN_PLANNER)
        yield
        _set_local(cursor, dict(zip(names, saved, strict=True)))


def _set_local(cursor: Any, settings: dict[str, str]) -> None:
    calls = ", ".join(["set_config(%s, %s, true)"] * len(settings))
    cursor.execute(f"SELECT {calls}", [x for pair in settings.items() for x in pair])


def _newest_matches(
    expression: str, filtered: str, filtered_params: tuple[Any, ...], window: int
) -> list[int]:
    """Ids of the newest `window` documents matching on PostgreSQL, newest first."""

    def walk(lower: int) -> list[int]:
        # Fenced (OFFSET 0) so that it stays a backward walk of the primary key.
        sql = (
            f"SELECT s.id FROM (SELECT d.id, d.tsv FROM {DOCS} d"  # noqa: S608
            f" WHERE d.id > %s{_restrict(filtered)} ORDER BY d.id DESC OFFSET 0) s"
            " WHERE s.tsv @@ to_tsquery('simple', %s) ORDER BY s.id DESC LIMIT %s"
        )
        cursor.execute(sql, [lower, *filtered_params, expression, window])
        return [row[0] for row in cursor.fetchall()]

    def gin(lower: int | None) -> list[int]:
        # `id + 0`: never walk the primary key (see GIN_PLANNER).
        bound = "" if lower is None else " AND d.id > %s"
        sql = (
            f"SELECT d.id FROM {DOCS} d WHERE d.tsv @@ to_tsquery('simple', %s)"  # noqa: S608
            f"{bound}{_restrict(filtered)} ORDER BY d.id + 0 DESC LIMIT %s"
        )
        params = [expression, *([] if lower is None else [lower]), *filtered_params, window]
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {DOCS}")  # noqa: S608
        top = cursor.fetchone()[0]
        ids = walk(top - PROBE)
        if len(ids) >= window or top <= PROBE:
            return ids
        # Twice the span that would hold `window` matches at the probe's hit rate.
        span = 2 * PROBE * window // max(len(ids), 1)
        if span <= WALK:
            ids = walk(top - span)
            if len(ids) >= window:
                return ids
            span *= 4
        with _planner_settings(cursor):
            while span < top:
                ids = gin(top - span)
                if len(ids) >= window:
                    return ids
                span *= 4
            return gin(None)


def _occurrences(body: str, phrases: Phrases) -> int:
    """How often the phrases occur in a tokenised body (a prefix phrase counts every
    token it begins), as PostgreSQL's ts_rank counts them."""
    padded = f" {body} "
    return sum(
        padded.count(f" {' '.join(tokens)}" + ("" if prefix else " ")) for tokens, prefix in phrases
    )


def _sqlite_ranked(
    phrases: Phrases, filtered: str, filtered_params: tuple[Any, ...], window: int
) -> list[int]:
    """SQLite: complaint ids of the newest `window` matching documents, best first.

    Ranked here by how often the query's words occur rather than by FTS5's bm25:
    bm25 counts each phrase's documents over the whole index, a second pass over a
    prefix phrase's merged doclist that doubled the cost of a common word's search at
    1,000,000 complaints (docs/BENCHMARKS.md)."""
    sql = (
        f"SELECT d.complaint_id, d.body FROM {FTS} f JOIN {DOCS} d ON d.id = f.rowid"  # noqa: S608
        f" WHERE {FTS} MATCH %s{_restrict(filtered)} ORDER BY f.rowid DESC LIMIT %s"
    )
    best: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [_match_expression(phrases), *filtered_params, window])
        for complaint_id, body in cursor.fetchall():
            score = _occurrences(body, phrases)
            if score > best.get(complaint_id, -1):
                best[complaint_id] = score
    return sorted(best, key=lambda pk: (best[pk], pk), reverse=True)


def ranked_ids(queryset: QuerySet[Complaint], query: str, *, limit: int, offset: int) -> list[int]:
    """Ids of complaints in `queryset` matching `query`, best first (ties: newest first).

    The other filters stay in `queryset`; its SQL becomes a sub-select, so
    search combines with every filter and permission. Only the newest WINDOW
    matching documents are ranked (see WINDOW).
    """
    phrases = query_terms(query)
    if not phrases:
        return []
    inner = queryset.order_by().values("id").query
    # No WHERE clause means "every complaint": skip the sub-select altogether.
    inner_sql, inner_params = inner.sql_with_params() if inner.where else ("", ())
    window = max(WINDOW, offset + limit)
    if not _is_postgres():
        return _sqlite_ranked(phrases, inner_sql, tuple(inner_params), window)[
            offset : offset + limit
        ]
    expression = _match_expression(phrases)
    ids = _newest_matches(expression, inner_sql, tuple(inner_params), window)
    # The rank is computed for the window's rows only.
    sql = (
        f"SELECT d.complaint_id FROM {DOCS} d WHERE d.id = ANY(%s)"  # noqa: S608
        " GROUP BY d.complaint_id"
        " ORDER BY max(ts_rank(d.tsv, to_tsquery('simple', %s))) DESC, d.complaint_id DESC"
        " LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids, expression, limit, offset])
        return [int(row[0]) for row in cursor.fetchall()]


def create_schema(schema_connection: Any) -> None:
    """Called by the migration: the engine-specific index over SearchDocument."""
    statements = POSTGRES_DDL if schema_connection.vendor == "postgresql" else SQLITE_DDL
    with schema_connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
