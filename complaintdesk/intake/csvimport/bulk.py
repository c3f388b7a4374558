"""Batched writes of whole complaints: customers, complaints, messages, events, search rows.

Used by the CSV importer and the benchmark's seeder. One call writes one batch in
one transaction, so a failure leaves no half-written complaint behind. Rows go in
as plain tuples through lib.rows.write_rows (COPY on PostgreSQL, a handful of bulk
INSERTs elsewhere); the search index follows through the same SearchDocument rows
the services write.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from django.db import transaction

from complaintdesk.complaints import search
from complaintdesk.complaints.models import Complaint, Event, Message, SearchDocument
from complaintdesk.customers.models import Customer, Language
from complaintdesk.intake.email.addresses import base_address
from complaintdesk.lib.rows import allocate_ids, write_rows
from complaintdesk.lib.searchtext import index_text

_MESSAGE_EVENT = {"inbound": "customer_message", "outbound": "answered", "internal": "note_added"}
_EVENT_COLUMNS = ("complaint_id", "kind", "actor_label", "detail", "at")
_DOCUMENT_COLUMNS = ("complaint_id", "source", "body")


@dataclass
class MessageRecord:
    direction: str
    text: str
    created_at: datetime


@dataclass
class ComplaintRecord:
    """A complaint as plain data; `reference` empty means C-<year>-<id>."""

    subject: str
    description: str
    channel: str
    created_at: datetime
    language: str = Language.EN
    reference: str = ""
    expectation: str = ""
    product: str = ""
    order_ref: str = ""
    status: str = "new"
    outcome: str = ""
    priority: str = "normal"
    team_id: int | None = None
    category_id: int | None = None
    assignee_id: int | None = None
    customer_name: str = ""
    customer_email: str = ""
    customer_phone: str = ""
    customer_external_id: str = ""
    messages: list[MessageRecord] = field(default_factory=list)
    event_detail: dict[str, Any] = field(default_factory=dict)


# Rows as written: the field names are the model's attnames, the rest of the
# model's fields get their defaults.
class _CustomerRow(NamedTuple):
    id: int
    name: str
    email: str
    phone: str
    external_id: str
    preferred_language: str


class _ComplaintRow(NamedTuple):
    id: int
    reference: str
    tracking_token: str
    customer_id: int
    channel: str
    subject: str
    description: str
    expectation: str
    product: str
    order_ref: str
    language: str
    priority: str
    status: str
    outcome: str
    team_id: int | None
    category_id: int | None
    assignee_id: int | None
    created_at: datetime
    updated_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None


class _MessageRow(NamedTuple):
    id: int
    complaint_id: int
    direction: str
    channel: str
    text: str
    created_at: datetime


def customer_key(record: ComplaintRecord) -> str:
    """Records with the same key share a customer (as find_or_create_customer matches)."""
    if record.customer_external_id:
        return f"x:{record.customer_external_id}"
    if record.customer_email.strip():
        return f"e:{record.customer_email.strip().lower()}"
    return f"r:{id(record)}"  # nothing to match by: a customer of its own


def _existing_customers(records: Sequence[ComplaintRecord]) -> dict[str, _CustomerRow]:
    """Stored customers by customer_key: by external id, and by address lower-cased or
    without its plus tag (so "li+orders@" finds "li@", as find_or_create_customer does)."""
    externals = {r.customer_external_id for r in records if r.customer_external_id}
    emails = {r.customer_email.strip().lower() for r in records if r.customer_email}
    emails |= {base_address(email) for email in emails}
    found: dict[str, _CustomerRow] = {}
    columns = _CustomerRow._fields
    for values in Customer.objects.filter(external_id__in=externals).values_list(*columns):
        customer = _CustomerRow(*values)
        found[f"x:{customer.external_id}"] = customer
    by_email = Customer.objects.filter(email__lower__in=emails).order_by("-id")
    for values in by_email.values_list(*columns):
        customer = _CustomerRow(*values)
        found[f"e:{customer.email.lower()}"] = customer
    return found


def _stored_customer(
    record: ComplaintRecord, known: dict[str, _CustomerRow]
) -> _CustomerRow | None:
    key = customer_key(record)
    if key in known or not key.startswith("e:"):
        return known.get(key)
    return known.get(f"e:{base_address(key[2:])}")


def _customers(records: Sequence[ComplaintRecord]) -> list[_CustomerRow]:
    """The customer of each record: matched by external id or address, else created."""
    known = _existing_customers(records)
    for record in records:
        stored = _stored_customer(record, known)
        if stored is not None:
            known.setdefault(customer_key(record), stored)
    fresh: dict[str, ComplaintRecord] = {}
    for record in records:
        key = customer_key(record)
        if key not in known and key not in fresh:
            fresh[key] = record
    ids = allocate_ids(Customer, len(fresh))
    for pk, (key, r) in zip(ids, fresh.items(), strict=True):
        email = r.customer_email.strip()
        known[key] = _CustomerRow(
            pk, r.customer_name, email, r.customer_phone, r.customer_external_id, r.language
        )
    write_rows(Customer, _CustomerRow._fields, (known[key] for key in fresh))
    return [known[customer_key(r)] for r in records]


def _complaint(record: ComplaintRecord, pk: int, customer: _CustomerRow) -> _ComplaintRow:
    at = record.created_at
    closed = at if record.status in ("resolved", "closed") else None
    return _ComplaintRow(
        id=pk,
        reference=record.reference or f"C-{at.year}-{pk:06d}",
        tracking_token=secrets.token_urlsafe(32),
        customer_id=customer.id,
        channel=record.channel,
        subject=record.subject[:300],
        description=record.description,
        expectation=record.expectation,
        product=record.product[:200],
        order_ref=record.order_ref[:100],
        language=record.language,
        priority=record.priority,
        status=record.status,
        outcome=record.outcome,
        team_id=record.team_id,
        category_id=record.category_id,
        assignee_id=record.assignee_id,
        created_at=at,
        updated_at=at,
        acknowledged_at=at if record.status != "new" else None,
        resolved_at=closed,
        closed_at=closed if record.status == "closed" else None,
    )


def _messages(
    records: Sequence[ComplaintRecord], complaints: Sequence[_ComplaintRow]
) -> list[_MessageRow]:
    flat = [(r, c, m) for r, c in zip(records, complaints, strict=True) for m in r.messages]
    ids = allocate_ids(Message, len(flat))
    return [
        _MessageRow(pk, c.id, m.direction, r.channel, m.text, m.created_at)
        for pk, (r, c, m) in zip(ids, flat, strict=True)
    ]


def _events(
    records: Sequence[ComplaintRecord],
    complaints: Sequence[_ComplaintRow],
    messages: Sequence[_MessageRow],
    label: str,
) -> Iterator[tuple[Any, ...]]:
    """The "created" event of each complaint, then one event per message."""
    for r, c in zip(records, complaints, strict=True):
        detail = {
            "channel": r.channel,
            "subject": c.subject,
            "description": r.description,
            "expectation": r.expectation,
            **r.event_detail,
        }
        yield c.id, "created", label, detail, r.created_at
    for m in messages:
        kind = _MESSAGE_EVENT.get(m.direction, "customer_message")
        actor = "customer" if m.direction == "inbound" else "staff"
        yield m.complaint_id, kind, actor, {"message_id": m.id}, m.created_at


def _documents(
    complaints: Sequence[_ComplaintRow],
    customers: Sequence[_CustomerRow],
    messages: Sequence[_MessageRow],
    tokenise: Callable[[str], str],
) -> Iterator[tuple[int, str, str]]:
    """Search rows, bodies as search.complaint_body / message_document make them."""
    for c, customer in zip(complaints, customers, strict=True):
        yield (
            c.id,
            "complaint",
            search.complaint_body(search.complaint_parts(c, customer), tokenise),
        )
    for m in messages:
        yield m.complaint_id, f"message:{m.id}", tokenise(m.text)


def write_batch(
    records: Sequence[ComplaintRecord],
    *,
    label: str = "import",
    tokenise: Callable[[str], str] = index_text,
) -> list[int]:
    """Write the records in one transaction, all of them or none; the new complaints' ids.

    `tokenise` lets a caller memoise search tokenising of text it repeats.
    """
    if not records:
        return []
    with transaction.atomic():
        customers = _customers(records)
        ids = allocate_ids(Complaint, len(records))
        complaints = [
            _complaint(r, pk, c) for r, pk, c in zip(records, ids, customers, strict=True)
        ]
        write_rows(Complaint, _ComplaintRow._fields, complaints)
        messages = _messages(records, complaints)
        write_rows(Message, _MessageRow._fields, messages)
        write_rows(Event, _EVENT_COLUMNS, _events(records, complaints, messages, label))
        # Last and streamed: the server indexes early rows while later ones are tokenised.
        documents = _documents(complaints, customers, messages, tokenise)
        write_rows(SearchDocument, _DOCUMENT_COLUMNS, documents)
    return ids
