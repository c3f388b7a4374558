"""Recording, keeping and renegotiating promises made to customers (DOMAIN.md §5)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.events import Actor, acting_user, record_event
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.notices import queue_notice

from .buffer import promised_time
from .calendars import calendar_for
from .models import (
    OPEN_STATES,
    Deadline,
    DeadlineKind,
    Promise,
    PromiseKind,
    PromiseStatus,
    SlaPolicy,
)
from .policies import DEFAULT_BUFFER_RATIO, policy_for

MAX_ESTIMATE = timedelta(days=366)


def warn_time(created_at: datetime, promised_at: datetime) -> datetime:
    """When to warn: a fifth of the lead time before the promise, between 1 and 60 minutes.

    Early enough to call the customer before the time passes (seed 003: the
    9:30 call about the 10:00 visit), late enough not to cry wolf.
    """
    lead = max(promised_at - created_at, timedelta(0))
    margin = min(max(lead / 5, timedelta(minutes=1)), timedelta(hours=1))
    return max(promised_at - margin, created_at)


def _notice_time(
    policy: SlaPolicy | None, warn_at: datetime, promised_at: datetime
) -> datetime | None:
    """The customer-notice point: the policy's lead before the promised time, after the
    staff warning (staff get the first chance to act), or None when the policy sends none."""
    if policy is None or not policy.running_late_notice:
        return None
    return max(promised_at - timedelta(minutes=policy.running_late_lead_minutes), warn_at)


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
    replaces: Promise | None = None,
    reason: str = "",
    policy: SlaPolicy | None = None,
) -> Promise:
    """Add a promise to the ledger. Call inside the caller's transaction."""
    now = timezone.now()
    internal = internal_due_at or promised_at
    warn_at = warn_time(now, internal)
    promise = Promise.objects.create(
        complaint=complaint,
        owner=owner,
        kind=kind,
        description=description,
        update_channel=update_channel,
        internal_due_at=internal,
        promised_at=promised_at,
        warn_at=warn_at,
        notice_at=_notice_time(policy, warn_at, promised_at),
        replaces=replaces,
        reason=reason,
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
            "owner": owner.get_username() if owner else None,
        },
    )
    return promise


def make_promise(
    *,
    complaint: Complaint,
    actor: Actor,
    description: str,
    internal_estimate: timedelta | None = None,
    due_at: datetime | None = None,
    kind: str = PromiseKind.OTHER,
) -> Promise:
    """Promise something from an internal estimate (buffered) or for a fixed time.

    With ``internal_estimate`` the team works to the estimate on its business
    calendar and the customer hears the padded time (policy buffer, default
    50 %, rounded up to a quarter hour). With ``due_at`` (an appointment the
    customer agreed) both times are ``due_at``. Exactly one is required;
    otherwise InvalidInput and nothing is written.
    """
    now = timezone.now()
    if not description.strip():
        raise InvalidInput("description", "Say what is promised")
    if (internal_estimate is None) == (due_at is None):
        raise InvalidInput("internal_estimate", "Give either internal_estimate or due_at")
    if internal_estimate is not None and not timedelta(0) < internal_estimate <= MAX_ESTIMATE:
        raise InvalidInput("internal_estimate", "The estimate must be positive and under a year")
    if due_at is not None and due_at <= now:
        raise InvalidInput("due_at", "The promised time must be in the future")
    if kind not in PromiseKind.values:
        raise InvalidInput("kind", f"Choose one of {', '.join(PromiseKind.values)}")
    with transaction.atomic():
        # Lock the complaint like every complaint service; services.lock would be an import cycle.
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("customer", "team", "assignee")
            .get(pk=complaint.pk)
        )
        policy = policy_for(complaint)
        if internal_estimate is not None:
            ratio = policy.buffer_ratio if policy else DEFAULT_BUFFER_RATIO
            step = timedelta(minutes=policy.round_minutes if policy else 15)
            calendar = calendar_for(complaint.team, policy)
            internal, promised = promised_time(now, internal_estimate, calendar, ratio, step)
        else:
            assert due_at is not None
            internal = promised = due_at
        return record_promise(
            complaint=complaint,
            owner=acting_user(actor) or complaint.assignee,
            description=description.strip(),
            promised_at=promised,
            internal_due_at=internal,
            kind=kind,
            actor=actor,
            policy=policy,
        )


def _ledger(promise: Promise) -> dict[str, Any]:
    """What every promise event carries, so counts per agent come from the log alone."""
    return {
        "promise_id": promise.pk,
        "owner": promise.owner.get_username() if promise.owner else None,
    }


def _locked(promise: Promise) -> Promise:
    return (
        Promise.objects.select_for_update(of=("self",))
        .select_related("owner", "complaint__customer")
        .get(pk=promise.pk)
    )


def keep_promise(*, promise: Promise, actor: Actor) -> Promise:
    """Mark an open or at-risk promise kept; a broken or replaced one cannot be."""
    with transaction.atomic():
        promise = _locked(promise)
        if promise.status not in OPEN_STATES:
            raise InvalidInput("promise", f"This promise is already {promise.status}")
        promise.status = PromiseStatus.KEPT
        promise.settled_at = timezone.now()
        promise.save(update_fields=["status", "settled_at"])
        record_event(promise.complaint, "promise_kept", actor=actor, detail=_ledger(promise))
    return promise


def renegotiate_promise(
    *,
    promise: Promise,
    actor: Actor,
    new_due_at: datetime,
    reason: str,
    notice_kind: str = "promise_renegotiated",
    late_notice: bool = True,
) -> Promise:
    """Replace a promise with a later one and tell the customer now (DOMAIN.md §5).

    Before the old time, the old promise becomes ``renegotiated``; after it, it
    stays ``broken`` (the miss still counts) but the new time is recorded and
    notified all the same. ``late_notice=False`` gives the new promise no
    running-late point (the worker's own extension is not extended again).
    Returns the new promise.
    """
    now = timezone.now()
    if not reason.strip():
        raise InvalidInput("reason", "Say why the time changes")
    if new_due_at <= now:
        raise InvalidInput("new_due_at", "The new time must be in the future")
    with transaction.atomic():
        old = _locked(promise)
        if old.status not in (*OPEN_STATES, PromiseStatus.BROKEN):
            raise InvalidInput("promise", f"This promise is already {old.status}")
        if old.status != PromiseStatus.BROKEN:
            old.status = PromiseStatus.RENEGOTIATED
            old.settled_at = now
            old.save(update_fields=["status", "settled_at"])
        complaint = old.complaint
        new = record_promise(
            complaint=complaint,
            owner=old.owner,
            description=old.description,
            promised_at=new_due_at,
            kind=old.kind,
            update_channel=old.update_channel,
            actor=actor,
            replaces=old,
            reason=reason.strip(),
            policy=policy_for(complaint) if late_notice else None,
        )
        record_event(
            complaint,
            "promise_renegotiated",
            actor=actor,
            label=None if actor else "worker",
            detail={
                **_ledger(old),
                "new_promise_id": new.pk,
                "old_promised_at": old.promised_at.isoformat(),
                "new_promised_at": new_due_at.isoformat(),
                "reason": reason.strip(),
                "before_old_time": now < old.promised_at,
            },
        )
        context = {"promise": new, "old_promise": old, "reason": reason.strip()}
        if queue_notice(complaint, notice_kind, context=context):
            record_event(complaint, "notice_queued", label="system", detail={"kind": notice_kind})
    return new


def keep_open_promises(*, complaint: Complaint, kind: str, actor: Actor) -> int:
    """Mark the complaint's open promises of `kind` kept (e.g. the answer has now been given)."""
    now = timezone.now()
    kept = 0
    open_ones = Promise.objects.filter(complaint=complaint, kind=kind, status__in=OPEN_STATES)
    for promise in open_ones.select_related("owner"):
        promise.status = PromiseStatus.KEPT
        promise.settled_at = now
        promise.save(update_fields=["status", "settled_at"])
        record_event(complaint, "promise_kept", actor=actor, detail=_ledger(promise), at=now)
        kept += 1
    if kind == PromiseKind.ANSWER and kept:
        # The deferred answer is given: no further periodic updates are owed.
        Deadline.objects.filter(
            complaint=complaint, kind=DeadlineKind.NEXT_UPDATE, met_at__isnull=True
        ).update(met_at=now)
    return kept
