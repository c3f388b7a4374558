"""Reading a CSV file through a mapping into batches of complaints, with a report.

Every row is validated whole before anything is written: a bad row is skipped and
listed (line number and reason), never half-imported. Rows whose reference is
already in the database (a re-run) are skipped as duplicates.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path

from django.db import connection, connections

from complaintdesk.accounts.models import Team
from complaintdesk.complaints.models import Category, Channel, Complaint, Outcome, Priority
from complaintdesk.complaints.states import Status
from complaintdesk.customers.models import Language
from complaintdesk.lib.language import detect_language
from complaintdesk.lib.searchtext import index_text

from .bulk import ComplaintRecord, customer_key, write_batch
from .mapping import Mapping

BATCH = 1000


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass
class ImportReport:
    file: str
    mapping: str
    rows: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: list[RowProblem] = field(default_factory=list)

    def count(self, imported: int, duplicates: int) -> None:
        self.imported += imported
        self.duplicates += duplicates

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


class RowInvalid(ValueError):
    """One row cannot become a complaint; the message says why."""


_CHOICES = {
    "channel": set(Channel.values),
    "status": set(Status.values),
    "outcome": {*Outcome.values, ""},
    "priority": set(Priority.values),
    "language": set(Language.values),
}


@lru_cache(maxsize=4096)
def _parse_date(raw: str, date_format: str) -> datetime:
    # Cached: an export has few distinct dates, and strptime is slow.
    return datetime.strptime(raw, date_format).replace(tzinfo=UTC)


class RowConverter:
    """Turns rendered rows into ComplaintRecords, resolving team and category slugs."""

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.teams = dict(Team.objects.values_list("slug", "id"))
        self.categories = dict(Category.objects.values_list("slug", "id"))

    def _value(self, values: dict[str, str], name: str, default: str = "") -> str:
        raw = values.get(name, default)
        translated = self.mapping.translate(name, raw)
        if translated is None:
            raise RowInvalid(f"{name}: {raw!r} is not in the mapping's values")
        if name in _CHOICES and translated not in _CHOICES[name]:
            raise RowInvalid(f"{name}: {translated!r} is not a valid value")
        return translated

    def _slug(self, values: dict[str, str], name: str, table: dict[str, int]) -> int | None:
        slug = self._value(values, name)
        if slug and slug not in table:
            raise RowInvalid(f"{name}: no {name} with slug {slug!r}")
        return table.get(slug) if slug else None

    def _date(self, raw: str) -> datetime:
        try:
            return _parse_date(raw, self.mapping.date_format)
        except ValueError as exc:
            raise RowInvalid(
                f"created_at: {raw!r} does not match {self.mapping.date_format}"
            ) from exc

    def convert(self, row: dict[str, str]) -> ComplaintRecord:
        """One row as a ComplaintRecord; RowInvalid when it cannot be one."""
        missing = [c for c in self.mapping.required if not row.get(c, "").strip()]
        if missing:
            raise RowInvalid(f"required column(s) blank: {', '.join(missing)}")
        v = self.mapping.render(row)
        if not v.get("subject"):
            raise RowInvalid("subject: blank")
        email = v.get("customer_email", "")
        if email and ("@" not in email or " " in email):
            raise RowInvalid(f"customer_email: {email!r} is not an address")
        if not (email or v.get("customer_phone") or v.get("customer_external_id")):
            raise RowInvalid("customer: no email, phone or external id")
        description = v.get("description") or v["subject"]
        language = v.get("language") or detect_language(f"{v['subject']}\n{description}")
        return ComplaintRecord(
            subject=v["subject"],
            description=description,
            channel=self._value(v, "channel", "web"),
            created_at=self._date(v["created_at"]),
            language=self._value({"language": language}, "language"),
            reference=v.get("reference", "")[:32],
            expectation=v.get("expectation", ""),
            product=v.get("product", ""),
            order_ref=v.get("order_ref", ""),
            status=self._value(v, "status", "new") or "new",
            outcome=self._value(v, "outcome"),
            priority=self._value(v, "priority", "normal") or "normal",
            team_id=self._slug(v, "team", self.teams),
            category_id=self._slug(v, "category", self.categories),
            customer_name=v.get("customer_name", "")[:200],
            customer_email=email,
            customer_phone=v.get("customer_phone", "")[:40],
            customer_external_id=v.get("customer_external_id", "")[:100],
        )


def _rows(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(line, row) per record, or (line, reason) for a record of the wrong width."""
    with path.open(encoding=mapping.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=mapping.delimiter)
        header = next(reader, [])
        mapping.check_header(header)
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                yield reader.line_num, f"{len(cells)} columns, the header has {len(header)}"
                continue
            yield reader.line_num, dict(zip(header, cells, strict=True))


def _records(
    path: Path, converter: RowConverter, report: ImportReport, progress: Callable[[int], object]
) -> Iterator[ComplaintRecord]:
    """The valid records; counts the rows and lists the invalid ones in `report`."""
    seen: set[str] = set()
    for line, row in _rows(path, converter.mapping):
        report.rows += 1
        progress(1)
        try:
            if isinstance(row, str):
                raise RowInvalid(row)
            record = converter.convert(row)
            if record.reference and record.reference in seen:
                raise RowInvalid(f"reference {record.reference} repeats an earlier row")
        except RowInvalid as exc:
            report.skipped.append(RowProblem(line, str(exc)))
            continue
        seen.add(record.reference)
        yield record


# Exports repeat short texts (issues, products, places): tokenise each once.
_tokenise = lru_cache(maxsize=20_000)(index_text)


def _write(records: list[ComplaintRecord]) -> tuple[int, int]:
    """Write one batch, leaving out references already imported (a re-run).

    Returns (imported, already there)."""
    refs = [r.reference for r in records if r.reference]
    taken = set(Complaint.objects.filter(reference__in=refs).values_list("reference", flat=True))
    fresh = [r for r in records if r.reference not in taken]
    return len(write_batch(fresh, label="import", tokenise=_tokenise)), len(records) - len(fresh)


def _close_connections() -> None:
    connections.close_all()


class _Writers:
    """Batches written by `jobs` child processes, each on its own database connection.

    Records are split by customer (bulk.customer_key), so two writers never create
    the same customer, and each split's batches go to one process, in order. Each
    batch is still one transaction: a failure leaves earlier batches imported and
    nothing of its own."""

    IN_FLIGHT = 2  # batches queued per writer: enough to keep it busy, bounded memory

    def __init__(self, jobs: int, report: ImportReport) -> None:
        if connection.in_atomic_block:
            raise RuntimeError("A parallel import cannot run inside a transaction")
        self.report = report
        connections.close_all()  # each child opens its own; none may share this one
        context = multiprocessing.get_context("fork")
        self.pools = [ProcessPoolExecutor(1, mp_context=context) for _ in range(jobs)]
        self.pending: list[list[ComplaintRecord]] = [[] for _ in range(jobs)]
        self.running: list[deque[Future[tuple[int, int]]]] = [deque() for _ in range(jobs)]
        self.started: set[int] = set()  # writers forked (on their first batch)

    def add(self, record: ComplaintRecord) -> None:
        split = hash(customer_key(record)) % len(self.pools)
        self.pending[split].append(record)
        if len(self.pending[split]) >= BATCH:
            self._submit(split)

    def _submit(self, split: int) -> None:
        batch, self.pending[split] = self.pending[split], []
        queue = self.running[split]
        if len(queue) >= self.IN_FLIGHT:
            self._count(queue.popleft())
        queue.append(self.pools[split].submit(_write, batch))
        self.started.add(split)

    def _count(self, future: Future[tuple[int, int]]) -> None:
        self.report.count(*future.result())

    def finish(self) -> None:
        for split, batch in enumerate(self.pending):
            if batch:
                self._submit(split)
        for queue in self.running:
            while queue:
                self._count(queue.popleft())

    def close(self) -> None:
        for split, pool in enumerate(self.pools):
            if split in self.started:
                with suppress(BrokenProcessPool):  # a writer that died has nothing to close
                    pool.submit(_close_connections)
            pool.shutdown(cancel_futures=True)


def default_jobs() -> int:
    """Writers in parallel: one per core on PostgreSQL (each batch's server work is
    single-threaded); one on SQLite, whose writes queue on one lock anyway."""
    if connection.vendor == "sqlite":
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def import_file(
    path: Path,
    mapping: Mapping,
    *,
    progress: Callable[[int], object] = lambda n: None,
    jobs: int = 1,
) -> ImportReport:
    """Import every valid row of `path`; `progress(n)` is told of each n rows read.

    With `jobs` > 1, batches are written by that many processes at once.
    Raises MappingError when the file lacks a column the mapping needs and
    OSError/UnicodeDecodeError when it cannot be read.
    """
    report = ImportReport(file=str(path), mapping=mapping.name)
    records = _records(path, RowConverter(mapping), report, progress)
    if jobs <= 1:
        while batch := list(islice(records, BATCH)):
            report.count(*_write(batch))
        return report
    writers = _Writers(jobs, report)
    try:
        for record in records:
            writers.add(record)
        writers.finish()
    finally:
        writers.close()
    return report
