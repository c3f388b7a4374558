"""Reading a CSV file through a mapping into batches of complaints, with a report.

Every row is validated whole before anything is written: a bad row is skipped and
listed (line number and reason), never half-imported. Rows whose reference is
already in the database (a re-run) are skipped as duplicates.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from complaintdesk.accounts.models import Team
from complaintdesk.complaints.models import Category, Channel, Complaint, Outcome, Priority
from complaintdesk.complaints.states import Status
from complaintdesk.customers.models import Language
from complaintdesk.lib.language import detect_language
from complaintdesk.lib.searchtext import index_text

from .bulk import ComplaintRecord, write_batch
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


def _batches(
    path: Path, converter: RowConverter, report: ImportReport, progress: Callable[[int], object]
) -> Iterator[list[ComplaintRecord]]:
    """The valid records in batches; counts the rows and lists the invalid ones in `report`."""
    pending: list[ComplaintRecord] = []
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
        pending.append(record)
        if len(pending) >= BATCH:
            yield pending
            pending = []
    if pending:
        yield pending


def _write(
    records: list[ComplaintRecord], report: ImportReport, tokenise: Callable[[str], str]
) -> None:
    """Write one batch, leaving out references already imported (a re-run)."""
    refs = [r.reference for r in records if r.reference]
    taken = set(Complaint.objects.filter(reference__in=refs).values_list("reference", flat=True))
    fresh = [r for r in records if r.reference not in taken]
    report.duplicates += len(records) - len(fresh)
    report.imported += len(write_batch(fresh, label="import", tokenise=tokenise))


def import_file(
    path: Path, mapping: Mapping, *, progress: Callable[[int], object] = lambda n: None
) -> ImportReport:
    """Import every valid row of `path`; `progress(n)` is told of each n rows read.

    Raises MappingError when the file lacks a column the mapping needs and
    OSError/UnicodeDecodeError when it cannot be read.
    """
    report = ImportReport(file=str(path), mapping=mapping.name)
    converter = RowConverter(mapping)
    # Exports repeat short texts (issues, products, places): tokenise each once.
    tokenise = lru_cache(maxsize=20_000)(index_text)
    for batch in _batches(path, converter, report, progress):
        _write(batch, report, tokenise)
    return report
