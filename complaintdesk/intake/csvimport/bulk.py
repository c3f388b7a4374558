"""Batched writes of whole complaints: customers, complaints, messages, events, search rows.

Used by the CSV importer and the benchmark's seeder. One call writes one batch in
one transaction, so a failure leaves no half-written complaint behind. Rows go in
with bulk INSERTs (a handful of statements per batch, whatever its size); the
search index follows through the same SearchDocument rows the services write.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower

from complaintdesk.complaints import search
from complaintdesk.complaints.models import Complaint, Event, Message, SearchDocument
from complaintdesk.customers.models import Customer, Language
from complaintdesk.lib.searchtext import index_text

from .copy import allocate_ids, insert

_MESSAGE_EVENT = {"inbound": "customer_message", "outbound": "answered", "internal": "note_added"}


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


def _customer_key(record: ComplaintRecord) -> str:
    if record.customer_external_id:
        return f"x:{record.customer_external_id}"
    return f"e:{record.customer_email.strip().lower()}"


def _existing_customers(records: Sequence[ComplaintRecord]) -> dict[str, Customer]:
    externals = {r.customer_external_id for r in records if r.customer_external_id}
    emails = {r.customer_email.strip().lower() for r in records if r.customer_email}
    found: dict[str, Customer] = {}
    for customer in Customer.objects.filter(external_id__in=externals):
        found[f"x:{customer.external_id}"] = customer
    by_email = Customer.objects.annotate(email_ci=Lower("email")).filter(email_ci__in=emails)
    for customer in by_email.order_by("-id"):
        found[f"e:{customer.email.lower()}"] = customer
    return found


def _customers(records: Sequence[ComplaintRecord]) -> list[Customer]:
    """The customer of each record: matched by external id or address, else created."""
    known = _existing_customers(records)
    fresh: dict[str, Customer] = {}
    for record in records:
        key = _customer_key(record)
        if key not in known and key not in fresh:
            fresh[key] = Customer(
                name=record.customer_name,
                email=record.customer_email.strip(),
                phone=record.customer_phone,
                external_id=record.customer_external_id,
                preferred_language=record.language,
            )
    insert(list(fresh.values()), need_pk=True)
    known.update(fresh)
    return [known[_customer_key(r)] for r in records]


def _complaint(record: ComplaintRecord, pk: int, customer: Customer) -> Complaint:
    closed = record.created_at if record.status in ("resolved", "closed") else None
    return Complaint(
        pk=pk,
        reference=record.reference or f"C-{record.created_at.year}-{pk:06d}",
        tracking_token=secrets.token_urlsafe(32),
        customer=customer,
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
        created_at=record.created_at,
        updated_at=record.created_at,
        acknowledged_at=record.created_at if record.status != "new" else None,
        resolved_at=closed,
        closed_at=closed if record.status == "closed" else None,
    )


def _created_event(record: ComplaintRecord, complaint: Complaint, label: str) -> Event:
    detail = {
        "channel": record.channel,
        "subject": complaint.subject,
        "description": record.description,
        "expectation": record.expectation,
        **record.event_detail,
    }
    return Event(
        complaint=complaint, kind="created", actor_label=label, detail=detail, at=record.created_at
    )


def _messages(
    records: Sequence[ComplaintRecord], complaints: Sequence[Complaint]
) -> tuple[list[Message], list[Event]]:
    messages: list[Message] = []
    for record, complaint in zip(records, complaints, strict=True):
        for m in record.messages:
            messages.append(
                Message(
                    complaint=complaint,
                    direction=m.direction,
                    channel=record.channel,
                    text=m.text,
                    created_at=m.created_at,
                )
            )
    insert(messages, need_pk=True)
    events = [
        Event(
            complaint_id=m.complaint_id,
            kind=_MESSAGE_EVENT.get(m.direction, "customer_message"),
            actor_label="customer" if m.direction == "inbound" else "staff",
            detail={"message_id": m.pk},
            at=m.created_at,
        )
        for m in messages
    ]
    return messages, events


def write_batch(
    records: Sequence[ComplaintRecord],
    *,
    label: str = "import",
    tokenise: Callable[[str], str] = index_text,
) -> list[Complaint]:
    """Write the records in one transaction: all of them, or none.

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
        insert(complaints, need_pk=True)
        messages, events = _messages(records, complaints)
        created = [_created_event(r, c, label) for r, c in zip(records, complaints, strict=True)]
        insert(created + events, need_pk=False)
        documents = [
            SearchDocument(
                complaint_id=c.pk,
                source="complaint",
                body=search.complaint_body(search.complaint_parts(c), tokenise),
            )
            for c in complaints
        ]
        documents += [
            SearchDocument(
                complaint_id=m.complaint_id, source=f"message:{m.pk}", body=tokenise(m.text)
            )
            for m in messages
        ]
        insert(documents, need_pk=False)
    return complaints
