"""Recording and settling promises made to customers (DOMAIN.md §5)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from complaintdesk.complaints.events import Actor, record_event
from complaintdesk.complaints.models import Complaint

from .models import Promise, PromiseKind, PromiseStatus

OPEN_STATES = (PromiseStatus.OPEN, PromiseStatus.AT_RISK)


def warn_time(created_at: datetime, promised_at: datetime) -> datetime:
    """When to warn: a fifth of the lead time before the promise, between 1 and 60 minutes.

    Early enough to call the customer before the time passes (seed 003: the
    9:30 call about the 10:00 visit), late enough not to cry wolf.
    """
    lead = max(promised_at - created_at, timedelta(0))
    margin = min(max(lead / 5, timedelta(minutes=1)), timedelta(hours=1))
    return max(promised_at - margin, created_at)


def record_promise(
    *,
    complaint: Complaint,
    owner: User | None,
    description: str,
    promised_at: datetime,
    internal_due_at: datetime | None = None,
    kind: str = PromiseKind.OTHER,
    update_channel: str = "",
    actor: Actor = None,
) -> Promise:
    """Add a promise to the ledger. Call inside the caller's transaction."""
    now = timezone.now()
    internal = internal_due_at or promised_at
    promise = Promise.objects.create(
        complaint=complaint,
        owner=owner,
        kind=kind,
        description=description,
        update_channel=update_channel,
        internal_due_at=internal,
        promised_at=promised_at,
        warn_at=warn_time(now, internal),
        created_at=now,
    )
    record_event(
        complaint,
        "promise_made",
        actor=actor,
        detail={
            "promise_id": promise.pk,
            "kind": kind,
            "description": description,
            "promised_at": promised_at.isoformat(),
            "internal_due_at": internal.isoformat(),
            "update_channel": update_channel,
        },
    )
    return promise


def keep_open_promises(*, complaint: Complaint, kind: str, actor: Actor) -> int:
    """Mark the complaint's open promises of `kind` kept (e.g. the answer has now been given)."""
    now = timezone.now()
    kept = 0
    for promise in Promise.objects.filter(complaint=complaint, kind=kind, status__in=OPEN_STATES):
        promise.status = PromiseStatus.KEPT
        promise.settled_at = now
        promise.save(update_fields=["status", "settled_at"])
        record_event(complaint, "promise_kept", actor=actor, detail={"promise_id": promise.pk})
        kept += 1
    return kept
