"""The worker's SLA step: warnings, breaches, broken promises and running-late notices.

Every phase claims a batch of due rows on an indexed due-time column with
``select_for_update(skip_locked=True)`` and settles it in the same
transaction (status change, event, alerts, outbox rows), so a second worker
never sees the same item as due and nothing is alerted or sent twice. On
SQLite the lock is a no-op and one worker runs. Never a rescan of open
complaints.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from complaintdesk.complaints.events import record_event

from .alerts import AlertSpec, raise_alerts, supervisors_of
from .escalation import propose_next_step
from .models import OPEN_STATES, Deadline, Promise, PromiseStatus
from .policies import policy_for
from .promises import renegotiate_promise

BATCH = 200
MAX_BATCHES = 10
M = TypeVar("M", bound=models.Model)


def _claim(queryset: models.QuerySet[M], order: str) -> list[M]:
    locked = queryset.select_for_update(skip_locked=True, of=("self",))
    return list(locked.select_related("complaint", "complaint__team").order_by(order, "id")[:BATCH])


def _drain(phase: Callable[[datetime], int]) -> int:
    """Run a phase batch by batch (one transaction each) until it finds nothing."""
    done = 0
    for _batch in range(MAX_BATCHES):
        with transaction.atomic():
            found = phase(timezone.now())
        done += found
        if found < BATCH:
            break
    return done


def _promise_detail(promise: Promise) -> dict[str, Any]:
    team = promise.complaint.team
    return {
        "promise_id": promise.pk,
        "kind": promise.kind,
        "promised_at": promise.promised_at.isoformat(),
        "owner": promise.owner.get_username() if promise.owner else None,
        "team": team.slug if team else None,
    }


def _settle_promises(now: datetime, batch: list[Promise], status: str) -> None:
    """Flag a claimed batch at risk or broken: one UPDATE, an event each, alerts in bulk."""
    settled = {"status": status, **({"settled_at": now} if status == PromiseStatus.BROKEN else {})}
    Promise.objects.filter(pk__in=[p.pk for p in batch]).update(**settled)
    message = _PROMISE_TEXT[PromiseStatus(status)]
    leads: dict[int | None, list[User]] = {}
    specs = []
    for promise in batch:
        complaint = promise.complaint
        record_event(
            complaint, f"promise_{status}", label="worker", detail=_promise_detail(promise)
        )
        text = message % {
            "description": promise.description[:120],
            "when": promise.promised_at.isoformat(timespec="minutes"),
        }
        recipients = (promise.owner, *supervisors_of(complaint, leads))
        specs.append(AlertSpec(complaint, f"promise_{status}", text, recipients, promise=promise))
        if status == PromiseStatus.BROKEN:
            propose_next_step(complaint=complaint, cause=f"promise_broken:{promise.pk}")
    raise_alerts(specs)


_PROMISE_TEXT = {
    PromiseStatus.AT_RISK: _lazy("Promise at risk: %(description)s, promised for %(when)s"),
    PromiseStatus.BROKEN: _lazy("Promise broken: %(description)s was promised for %(when)s"),
}


def warn_promises(now: datetime) -> int:
    """Open promises past their warning time: at risk, owner and supervisors alerted."""
    due = Promise.objects.filter(status=PromiseStatus.OPEN, warn_at__lte=now, promised_at__gt=now)
    batch = _claim(due.select_related("owner"), "warn_at")
    _settle_promises(now, batch, PromiseStatus.AT_RISK)
    return len(batch)


def break_promises(now: datetime) -> int:
    """Promises still open at their promised time: broken (counted from the event),
    owner and supervisors alerted, the next escalation step proposed."""
    due = Promise.objects.filter(status__in=OPEN_STATES, promised_at__lte=now)
    batch = _claim(due.select_related("owner"), "promised_at")
    _settle_promises(now, batch, PromiseStatus.BROKEN)
    return len(batch)


def send_running_late(now: datetime) -> int:
    """At the customer-notice point of a promise nobody acted on, tell the customer the
    new time now (DOMAIN.md §5: at 9:30, not after 10:00) by renegotiating it."""
    due = Promise.objects.filter(
        status=PromiseStatus.AT_RISK, notice_at__lte=now, promised_at__gt=now
    )
    batch = _claim(due, "notice_at")
    for promise in batch:
        policy = policy_for(promise.complaint)
        minutes = policy.running_late_extension_minutes if policy else 60
        renegotiate_promise(
            promise=promise,
            actor=None,
            new_due_at=promise.promised_at + timedelta(minutes=minutes),
            reason=_("We are running late"),
            notice_kind="running_late",
            late_notice=False,
        )
    return len(batch)


def _settle_deadlines(now: datetime, batch: list[Deadline], breached: bool) -> None:
    """Flag a claimed batch of clocks warned or breached; alert handler and supervisors."""
    stamp = {"breached_at": now} if breached else {"warned_at": now}
    Deadline.objects.filter(pk__in=[d.pk for d in batch]).update(**stamp)
    kind = "deadline_breached" if breached else "deadline_at_risk"
    message = _DEADLINE_TEXT[breached]
    leads: dict[int | None, list[User]] = {}
    specs = []
    for deadline in batch:
        complaint = deadline.complaint
        detail = {
            "deadline_id": deadline.pk,
            "kind": deadline.kind,
            "due_at": deadline.due_at.isoformat(),
        }
        record_event(complaint, kind, label="worker", detail=detail)
        text = message % {
            "kind": deadline.get_kind_display(),
            "when": deadline.due_at.isoformat(timespec="minutes"),
        }
        recipients = (complaint.assignee, *supervisors_of(complaint, leads))
        specs.append(AlertSpec(complaint, kind, text, recipients, deadline=deadline))
        if breached:
            propose_next_step(complaint=complaint, cause=f"deadline_breached:{deadline.kind}")
    raise_alerts(specs)


_DEADLINE_TEXT = {
    False: _lazy("%(kind)s due at %(when)s"),
    True: _lazy("%(kind)s deadline missed (due %(when)s)"),
}


def warn_deadlines(now: datetime) -> int:
    """Running SLA clocks past their warning time: the handler and supervisors alerted."""
    due = Deadline.objects.filter(
        met_at__isnull=True,
        warned_at__isnull=True,
        paused_at__isnull=True,
        warn_at__lte=now,
        due_at__gt=now,
    )
    batch = _claim(due.select_related("complaint__assignee"), "warn_at")
    _settle_deadlines(now, batch, breached=False)
    return len(batch)


def breach_deadlines(now: datetime) -> int:
    """Running SLA clocks past their due time: breached (untimely), supervisors alerted,
    the next escalation step proposed."""
    due = Deadline.objects.filter(
        met_at__isnull=True, breached_at__isnull=True, paused_at__isnull=True, due_at__lte=now
    )
    batch = _claim(due.select_related("complaint__assignee"), "due_at")
    _settle_deadlines(now, batch, breached=True)
    return len(batch)


PHASES: tuple[Callable[[datetime], int], ...] = (
    warn_promises,
    send_running_late,
    break_promises,
    warn_deadlines,
    breach_deadlines,
)


def sweep_due() -> int:
    """One worker step: every phase until nothing is due. Returns the items settled."""
    return sum(_drain(phase) for phase in PHASES)
