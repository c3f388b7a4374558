"""Model → API dict. Uses only loaded relations, so lists stay at a fixed query count."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from complaintdesk.complaints.models import Complaint, Message
from complaintdesk.complaints.notices import tracking_url
from complaintdesk.complaints.warnings import warnings_for
from complaintdesk.sla.models import Deadline, Promise, PromiseStatus
from complaintdesk.sla.serialize import deadline_out


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def promise_state(promise: Promise) -> str:
    """The promise's state as a deadline: met, breached, at_risk or pending."""
    now = timezone.now()
    if promise.status in (PromiseStatus.KEPT, PromiseStatus.RENEGOTIATED):
        return "met" if promise.status == PromiseStatus.KEPT else "replaced"
    if promise.status == PromiseStatus.BROKEN or promise.promised_at < now:
        return "breached"
    if promise.status == PromiseStatus.AT_RISK or promise.warn_at <= now:
        return "at_risk"
    return "pending"


def deadlines(
    complaint: Complaint, clocks: Sequence[Deadline] | None = None
) -> list[dict[str, Any]]:
    """SLA clocks (all, met ones included, with their timely flag) and open promises.

    `clocks`: a new complaint's clocks, as its creator holds them (it has no promises).
    """
    now = timezone.now()
    if clocks is not None:
        return [deadline_out(d, now) for d in clocks]
    return [
        *(deadline_out(d, now) for d in complaint.deadlines.all()),
        *(
            {
                "kind": f"promise:{p.kind}",
                "due_at": p.promised_at,
                "warn_at": p.warn_at,
                "state": promise_state(p),
                "seconds_left": int((p.promised_at - now).total_seconds()),
            }
            for p in complaint.promises.all()
            if p.status not in (PromiseStatus.KEPT, PromiseStatus.RENEGOTIATED)
        ),
    ]


def complaint_out(complaint: Complaint, clocks: Sequence[Deadline] | None = None) -> dict[str, Any]:
    customer = complaint.customer
    return {
        "reference": complaint.reference,
        "status": complaint.status,
        "priority": complaint.priority,
        "severity": complaint.severity,
        "channel": complaint.channel,
        "subject": complaint.subject,
        "description": complaint.description,
        "expectation": complaint.expectation,
        "category": complaint.category.slug if complaint.category else None,
        "product": complaint.product,
        "order_ref": complaint.order_ref,
        "language": complaint.language,
        "assignee": _username(complaint.assignee),
        "team": complaint.team.slug if complaint.team else None,
        "transfer_count": complaint.transfer_count,
        "escalation_level": complaint.escalation_level,
        "outcome": complaint.outcome,
        "created_at": complaint.created_at,
        "updated_at": complaint.updated_at,
        "deadlines": deadlines(complaint, clocks),
        "customer": {
            "id": customer.pk,
            "name": customer.name,
            "email": customer.email,
            "phone": customer.phone,
            "external_id": customer.external_id,
            "preferred_language": customer.preferred_language,
        },
    }


def message_out(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "direction": message.direction,
        "channel": message.channel,
        "text": message.text,
        "quoted_text": message.quoted_text,
        "html": message.html,
        "author": _username(message.author),
        "created_at": message.created_at,
        "findings": message.check_findings,
    }


def promise_out(promise: Promise) -> dict[str, Any]:
    return {
        "id": promise.pk,
        "kind": promise.kind,
        "description": promise.description,
        "owner": _username(promise.owner),
        "internal_due_at": promise.internal_due_at,
        "promised_at": promise.promised_at,
        "warn_at": promise.warn_at,
        "status": promise.status,
        "update_channel": promise.update_channel,
    }


def complaint_detail_out(complaint: Complaint) -> dict[str, Any]:
    """Expects complaint_with_history(): messages, promises, events, remedies prefetched."""
    return {
        **complaint_out(complaint),
        "messages": [message_out(m) for m in complaint.messages.all()],
        "promises": [promise_out(p) for p in complaint.promises.all()],
        "warnings": warnings_for(complaint),
        "tracking_url": tracking_url(complaint),
        "remedies": [
            {
                "kind": r.kind,
                "amount": None if r.amount is None else f"{r.amount:.2f}",
                "currency": r.currency,
                "description": r.description,
            }
            for r in complaint.remedies.all()
        ],
        "resolution_summary": complaint.resolution_summary,
    }
