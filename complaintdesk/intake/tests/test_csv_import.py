"""CSV import: the built-in CFPB mapping on the real export, custom TOML mappings,
the validation report, re-runs and all-or-nothing batches."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from complaintdesk.benchmarking.corpus import corpora_dir
from complaintdesk.complaints import search
from complaintdesk.complaints.models import Complaint, Event, Message, SearchDocument
from complaintdesk.complaints.selectors import ComplaintFilters, list_complaints
from complaintdesk.customers.models import Customer
from complaintdesk.intake.csvimport import ImportReport, bulk, import_file, importer, load_mapping
from complaintdesk.intake.csvimport.mapping import MappingError, mapping_from_dict
from complaintdesk.lib import rows

CUSTOM_TOML = """
name = "shop"
required = ["id", "email"]
date_format = "%d/%m/%Y"
encoding = "{encoding}"
delimiter = ";"
[fields]
reference = "SHOP-{{id}}"
subject = "{{title}}"
description = ["{{text}}", "{{title}}"]
created_at = "{{date}}"
channel = "{{via}}"
team = "{{team}}"
customer_email = "{{email}}"
customer_name = "{{name}}"
[values.channel]
"site" = "web"
"mail" = "email"
"""
HEADER = "id;title;text;date;via;team;email;name\n"


def cfpb_csv() -> Path:
    path = corpora_dir() / "cfpb-complaints-sample" / "complaints_2023_head1MiB.csv"
    assert path.is_file(), f"The CFPB corpus is missing: {path} (set COMPLAINTDESK_CORPORA)"
    return path


def write_mapping(tmp_path: Path, encoding: str = "utf-8") -> Path:
    path = tmp_path / "shop.toml"
    path.write_text(CUSTOM_TOML.format(encoding=encoding), encoding="utf-8")
    return path


def import_shop(tmp_path: Path, *rows: str, jobs: int = 1) -> ImportReport:
    """Import a file of the shop mapping's rows (HEADER added)."""
    csv_path = tmp_path / "shop.csv"
    csv_path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return import_file(csv_path, load_mapping(str(write_mapping(tmp_path))), jobs=jobs)


def test_cfpb_export_imports_every_complete_row(cast: Any) -> None:
    report = import_file(cfpb_csv(), load_mapping("cfpb"))
    # MANIFEST: 2,067 complete complaints; the file's last line is cut off mid-row.
    assert report.imported == 2067
    assert [p.reason for p in report.skipped] == ["2 columns, the header has 18"]
    assert Complaint.objects.count() == 2067
    assert Event.objects.filter(kind="created").count() == 2067
    assert SearchDocument.objects.filter(source="complaint").count() == 2067
    c = Complaint.objects.get(reference="CFPB-7523056")
    assert c.subject.startswith("Incorrect information on your report")
    assert (c.channel, c.status, c.outcome) == ("web", "closed", "explanation")
    assert c.created_at.date().isoformat() == "2023-08-25"
    assert c.customer.external_id == "cfpb-consumer-7523056"


def test_imported_cfpb_complaints_are_searchable_at_once(cast: Any) -> None:
    import_file(cfpb_csv(), load_mapping("cfpb"))
    items, _ = list_complaints(cast["manager"], ComplaintFilters(q="identity theft"), limit=5)
    assert items
    assert all(i.reference.startswith("CFPB-") for i in items)


def test_a_rerun_skips_what_is_already_imported(cast: Any) -> None:
    import_file(cfpb_csv(), load_mapping("cfpb"))
    again = import_file(cfpb_csv(), load_mapping("cfpb"))
    assert (again.imported, again.duplicates) == (0, 2067)
    assert Complaint.objects.count() == 2067


def test_bad_rows_are_skipped_and_listed_with_their_line(cast: Any, tmp_path: Path) -> None:
    report = import_shop(
        tmp_path,
        "1;Broken lamp;It flickers;03/02/2025;site;billing;ann@example.com;Ann\n",
        "2;Late;;31/02/2025;site;billing;bo@example.com;Bo\n",
        "3;Rude agent;Very rude;03/02/2025;fax;billing;cy@example.com;Cy\n",
        "4;Missing email;x;03/02/2025;site;billing;;Di\n",
        "5;Wrong team;x;03/02/2025;mail;nosuchteam;ed@example.com;Ed\n",
        "1;Repeat;x;03/02/2025;mail;billing;ann@example.com;Ann\n",
        "6;Short row\n",
        "7;Fine;All good;04/02/2025;mail;;fay@example.com;Fay\n",
    )
    assert report.imported == 2
    lines = {p.line: p.reason for p in report.skipped}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8]
    assert "created_at" in lines[3]
    assert "channel" in lines[4]
    assert "email" in lines[5]
    assert "nosuchteam" in lines[6]
    assert "repeats" in lines[7]
    assert "columns" in lines[8]
    assert set(Complaint.objects.values_list("reference", flat=True)) == {"SHOP-1", "SHOP-7"}
    lamp = Complaint.objects.get(reference="SHOP-1")
    assert (lamp.team.slug if lamp.team else None, lamp.channel) == ("billing", "web")


def test_legacy_greek_encoding_through_the_mapping(cast: Any, tmp_path: Path) -> None:
    csv_path = tmp_path / "greek.csv"
    row = "9;Χαλασμένη οθόνη;Η οθόνη έσπασε…;01/03/2025;site;;ελ@example.com;Ελένη\n"
    csv_path.write_bytes((HEADER + row.replace("ελ@", "el@")).encode("cp1253"))
    report = import_file(csv_path, load_mapping(str(write_mapping(tmp_path, "cp1253"))))
    assert report.imported == 1, report.skipped
    c = Complaint.objects.get(reference="SHOP-9")
    assert c.description == "Η οθόνη έσπασε…"
    assert c.language == "el"
    items, _ = list_complaints(cast["manager"], ComplaintFilters(q="οθονη"), limit=5)
    assert [i.reference for i in items] == ["SHOP-9"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_batch_writes_nothing(
    cast: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:

    real_write_rows = rows.write_rows

    def explode(model: Any, columns: Any, values: Any) -> None:
        # The last step of a batch fails: everything before it must roll back.
        if model is SearchDocument:
            raise RuntimeError("disk full")
        real_write_rows(model, columns, values)

    monkeypatch.setattr(f"{bulk.__name__}.write_rows", explode)  # forked writers inherit it
    with pytest.raises(RuntimeError, match="disk full"):
        import_shop(
            tmp_path,
            "1;Broken lamp;It flickers;03/02/2025;site;billing;ann@example.com;Ann\n",
            jobs=jobs,
        )
    assert not Complaint.objects.exists()
    assert not Customer.objects.filter(email="ann@example.com").exists()
    assert not Event.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_import_what_one_writer_does(cast: Any) -> None:
    customers_before = Customer.objects.count()
    report = import_file(cfpb_csv(), load_mapping("cfpb"), jobs=2)
    assert (report.imported, report.duplicates, len(report.skipped)) == (2067, 0, 1)
    assert Complaint.objects.count() == Customer.objects.count() - customers_before == 2067
    assert SearchDocument.objects.filter(source="complaint").count() == 2067
    items, _ = list_complaints(cast["manager"], ComplaintFilters(q="identity theft"), limit=5)
    assert items
    again = import_file(cfpb_csv(), load_mapping("cfpb"), jobs=2)
    assert (again.imported, again.duplicates) == (0, 2067)
    assert Complaint.objects.count() == 2067


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_never_create_a_customer_twice(
    cast: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tiny batches: each customer's rows span several batches, all in flight at once.
    monkeypatch.setattr(importer, "BATCH", 2)
    people = ["ann@example.com", "bo@example.com", "cy@example.com"]
    lines = [
        f"{n};Broken lamp {n};It flickers;03/02/2025;site;billing;{people[n % 3]};P{n % 3}\n"
        for n in range(1, 31)
    ]
    report = import_shop(tmp_path, *lines, jobs=2)
    assert report.imported == 30
    imported = Customer.objects.filter(email__in=people)
    assert sorted(imported.values_list("email", flat=True)) == people
    assert Complaint.objects.filter(customer__email="bo@example.com").count() == 10


def test_a_plus_tagged_address_finds_the_customer_as_a_new_complaint_would(
    cast: Any, tmp_path: Path
) -> None:
    known = Customer.objects.create(name="Li", email="li@example.com")
    report = import_shop(
        tmp_path,
        "1;Broken lamp;It flickers;03/02/2025;site;billing;Li+orders@Example.com;Li\n",
        "2;Late;Still waiting;03/02/2025;site;billing;li+orders@example.com;Li\n",
        "3;Lost;Never came;03/02/2025;site;billing;mo+x@example.com;Mo\n",
    )
    assert report.imported == 3
    owners = dict(Complaint.objects.values_list("reference", "customer_id"))
    assert owners["SHOP-1"] == owners["SHOP-2"] == known.pk
    # No stored "mo@": a customer of its own, under the address as given.
    assert Customer.objects.get(pk=owners["SHOP-3"]).email == "mo+x@example.com"


def test_mapping_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="Unknown field"):
        mapping_from_dict({"fields": {"subject": "{a}", "created_at": "{b}", "colour": "{c}"}})
    with pytest.raises(MappingError, match=r"fields\.subject"):
        mapping_from_dict({"fields": {"created_at": "{b}"}})
    with pytest.raises(MappingError, match="Cannot read"):
        load_mapping(str(tmp_path / "nope.toml"))


@pytest.mark.django_db(transaction=True)  # on PostgreSQL, parallel writers by default
def test_command_prints_a_summary_and_writes_the_report(cast: Any, tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    call_command(
        "import-csv",
        str(cfpb_csv()),
        "--mapping",
        "cfpb",
        "--report",
        str(report_path),
        "--no-progress",
    )
    report = json.loads(report_path.read_text())
    assert report["imported"] == 2067
    assert report["skipped"][0]["line"] > 2067


def _records(tag: str) -> list[bulk.ComplaintRecord]:
    at = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)
    return [
        bulk.ComplaintRecord(
            subject="Broken lamp",
            description="It flickers «badly»",
            channel="email",
            created_at=at,
            reference=f"{tag}-1",
            expectation="A refund",
            product="Lamp / Desk",
            order_ref="A-9",
            status="closed",
            outcome="explanation",
            customer_name="Ann",
            customer_external_id=f"{tag}-ann",
            messages=[
                bulk.MessageRecord("inbound", "Still broken", at),
                bulk.MessageRecord("outbound", "Sorry about that", at),
            ],
            event_detail={"source": "test", "n": [1, 2]},
        ),
        bulk.ComplaintRecord(
            subject="Χαλασμένη οθόνη",
            description="Η οθόνη έσπασε",
            channel="web",
            created_at=at,
            reference=f"{tag}-2",
            language="el",
            customer_email=" Old@Example.com ",
        ),
    ]


def _stored(ids: list[int]) -> dict[str, Any]:
    """What a batch stored, with generated ids and tokens replaced by ranks."""
    complaints = list(Complaint.objects.filter(id__in=ids).order_by("id").values())
    messages = list(Message.objects.filter(complaint_id__in=ids).order_by("id").values())
    customer_ids = sorted({c["customer_id"] for c in complaints})
    customers = list(Customer.objects.filter(id__in=customer_ids).order_by("id").values())
    rank = {
        "complaint_id": {c["id"]: n for n, c in enumerate(complaints)},
        "customer_id": {pk: n for n, pk in enumerate(customer_ids)},
        "message_id": {m["id"]: n for n, m in enumerate(messages)},
    }

    def renumbered(values: Mapping[str, Any], own: str = "") -> dict[str, Any]:
        row: dict[str, Any] = {k: rank[k][v] if k in rank else v for k, v in values.items()}
        row["id"] = rank[own][row["id"]] if own else None
        row.pop("tracking_token", None)
        if own == "customer_id":  # stamped when written
            row.pop("created_at")
        if "message_id" in row.get("detail", {}):
            row["detail"] = {"message_id": rank["message_id"][row["detail"]["message_id"]]}
        if row.get("source", "").startswith("message:"):
            row["source"] = f"message:{rank['message_id'][int(row['source'][8:])]}"
        return row

    events = Event.objects.filter(complaint_id__in=ids).order_by("id").values()
    documents = SearchDocument.objects.filter(complaint_id__in=ids).order_by("id").values()
    return {
        "complaints": [renumbered(c, "complaint_id") for c in complaints],
        "customers": [renumbered(c, "customer_id") for c in customers],
        "messages": [renumbered(m, "message_id") for m in messages],
        "events": [renumbered(e) for e in events],
        "documents": [renumbered(d) for d in documents],
    }


def _written(monkeypatch: pytest.MonkeyPatch, *, orm: bool) -> dict[str, Any]:
    """Write one batch and return what was stored, then roll it back."""
    with monkeypatch.context() as patch, transaction.atomic():
        if orm:
            patch.setattr(rows, "copy_rows", rows.create_rows)
        stored = _stored(bulk.write_batch(_records("R"), label="import"))
        transaction.set_rollback(True)
    return stored


def test_the_batch_writer_stores_what_the_orm_would(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On PostgreSQL the writer COPYs tuples; the ORM's bulk_create must store the same.
    Customer.objects.create(name="Old name", email="Old@Example.com")
    direct = _written(monkeypatch, orm=False)
    assert direct == _written(monkeypatch, orm=True)
    # The second record found the existing customer by its address.
    assert [c["name"] for c in direct["customers"]] == ["Old name", "Ann"]
    assert [m["text"] for m in direct["messages"]] == ["Still broken", "Sorry about that"]
    assert direct["events"][0]["detail"]["n"] == [1, 2]


def test_search_documents_are_what_the_services_index(cast: Any) -> None:
    Customer.objects.create(name="Old name", email="Old@Example.com")
    ids = bulk.write_batch(_records("R"), label="import")
    for complaint in Complaint.objects.filter(id__in=ids).select_related("customer"):
        doc = SearchDocument.objects.get(complaint=complaint, source="complaint")
        assert doc.body == search.complaint_body(
            search.complaint_parts(complaint, complaint.customer)
        )
    message = Message.objects.get(complaint_id=ids[0], direction="outbound")
    assert SearchDocument.objects.get(source=f"message:{message.pk}").body == "sorry about that"


def test_a_complaint_without_reference_gets_one_from_its_id(cast: Any) -> None:
    record = _records("R")[0]
    record.reference = ""
    [pk] = bulk.write_batch([record], label="import")
    assert Complaint.objects.get(pk=pk).reference == f"C-2025-{pk:06d}"


def test_customers_known_only_by_phone_are_never_merged(cast: Any) -> None:
    first, second = _records("P")
    for record, phone in ((first, "+30 210 1111111"), (second, "+30 210 2222222")):
        record.customer_external_id = record.customer_email = ""
        record.customer_phone = phone
    ids = bulk.write_batch([first, second], label="import")
    phones = Complaint.objects.filter(id__in=ids).values_list("customer__phone", flat=True)
    assert sorted(phones) == ["+30 210 1111111", "+30 210 2222222"]
