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

from complaintdesk.complaints.events import record_event

from .alerts import raise_alert, supervisors_of
from .escalation import propose_next_step
from .models import Deadline, Promise, PromiseStatus
from .policies import policy_for
from .promises import OPEN_STATES, renegotiate_promise

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


def warn_promises(now: datetime) -> int:
    """Open promises past their warning time: at risk, owner and supervisors alerted."""
    due = Promise.objects.filter(status=PromiseStatus.OPEN, warn_at__lte=now, promised_at__gt=now)
    batch = _claim(due.select_related("owner"), "warn_at")
    leads: dict[int | None, list[User]] = {}
    for promise in batch:
        promise.status = PromiseStatus.AT_RISK
        promise.save(update_fields=["status"])
        complaint = promise.complaint
        record_event(complaint, "promise_at_risk", label="worker", detail=_promise_detail(promise))
        text = _("Promise at risk: %(description)s, promised for %(when)s") % {
            "description": promise.description[:120],
            "when": promise.promised_at.isoformat(timespec="minutes"),
        }
        raise_alert(
            complaint=complaint,
            kind="promise_at_risk",
            text=text,
            recipients=[promise.owner, *supervisors_of(complaint, leads)],
            promise=promise,
        )
    return len(batch)


def break_promises(now: datetime) -> int:
    """Promises still open at their promised time: broken, counted, supervisors alerted."""
    due = Promise.objects.filter(status__in=OPEN_STATES, promised_at__lte=now)
    batch = _claim(due.select_related("owner"), "promised_at")
    leads: dict[int | None, list[User]] = {}
    for promise in batch:
        promise.status = PromiseStatus.BROKEN
        promise.settled_at = now
        promise.save(update_fields=["status", "settled_at"])
        complaint = promise.complaint
        record_event(complaint, "promise_broken", label="worker", detail=_promise_detail(promise))
        text = _("Promise broken: %(description)s was promised for %(when)s") % {
            "description": promise.description[:120],
            "when": promise.promised_at.isoformat(timespec="minutes"),
        }
        raise_alert(
            complaint=complaint,
            kind="promise_broken",
            text=text,
            recipients=[promise.owner, *supervisors_of(complaint, leads)],
            promise=promise,
        )
        propose_next_step(complaint=complaint, cause=f"promise_broken:{promise.pk}")
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
    leads: dict[int | None, list[User]] = {}
    for deadline in batch:
        deadline.warned_at = now
        deadline.save(update_fields=["warned_at"])
        complaint = deadline.complaint
        detail = {
            "deadline_id": deadline.pk,
            "kind": deadline.kind,
            "due_at": deadline.due_at.isoformat(),
        }
        record_event(complaint, "deadline_at_risk", label="worker", detail=detail)
        text = _("%(kind)s due at %(when)s") % {
            "kind": deadline.get_kind_display(),
            "when": deadline.due_at.isoformat(timespec="minutes"),
        }
        raise_alert(
            complaint=complaint,
            kind="deadline_at_risk",
            text=text,
            recipients=[complaint.assignee, *supervisors_of(complaint, leads)],
            deadline=deadline,
        )
    return len(batch)


def breach_deadlines(now: datetime) -> int:
    """Running SLA clocks past their due time: breached (untimely), supervisors alerted."""
    due = Deadline.objects.filter(
        met_at__isnull=True, breached_at__isnull=True, paused_at__isnull=True, due_at__lte=now
    )
    batch = _claim(due.select_related("complaint__assignee"), "due_at")
    leads: dict[int | None, list[User]] = {}
    for deadline in batch:
        deadline.breached_at = now
        deadline.save(update_fields=["breached_at"])
        complaint = deadline.complaint
        detail = {
            "deadline_id": deadline.pk,
            "kind": deadline.kind,
            "due_at": deadline.due_at.isoformat(),
        }
        record_event(complaint, "deadline_breached", label="worker", detail=detail)
        text = _("%(kind)s deadline missed (due %(when)s)") % {
            "kind": deadline.get_kind_display(),
            "when": deadline.due_at.isoformat(timespec="minutes"),
        }
        raise_alert(
            complaint=complaint,
            kind="deadline_breached",
            text=text,
            recipients=[complaint.assignee, *supervisors_of(complaint, leads)],
            deadline=deadline,
        )
        propose_next_step(complaint=complaint, cause=f"deadline_breached:{deadline.kind}")
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
