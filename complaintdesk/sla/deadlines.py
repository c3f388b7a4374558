"""SLA clocks of a complaint as indexed Deadline rows (ARCHITECTURE.md rule 8).

Clocks start when the complaint is created, pause while it waits on the
customer, resume with the remaining business time, and are met by the
acknowledgement, the first reply or the resolution. Every input is a time
the event log also records, so ``verify.py`` can recompute the same figures.
Called from the complaint services inside their transactions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from complaintdesk.complaints.events import new_event
from complaintdesk.complaints.models import Complaint, Event
from complaintdesk.complaints.states import Status
from complaintdesk.lib import rows

from .calendar import BusinessCalendar, add_business_time, business_time_between
from .calendars import ALWAYS_OPEN, load_calendar
from .models import (
    OPEN_STATES,
    BusinessCalendarConfig,
    Deadline,
    DeadlineKind,
    Promise,
    PromiseKind,
    SlaPolicy,
)
from .policies import policy_for, target_for
from .promises import warn_time

CLOCKS = (DeadlineKind.ACKNOWLEDGEMENT, DeadlineKind.FIRST_RESPONSE, DeadlineKind.RESOLUTION)
MET_BY_REPLY = (DeadlineKind.FIRST_RESPONSE, DeadlineKind.REGULATORY_RESPONSE)
MET_BY_STATUS: dict[str, tuple[str, ...] | None] = {
    Status.ACKNOWLEDGED: (DeadlineKind.ACKNOWLEDGEMENT,),
    Status.RESOLVED: None,  # a resolution meets every clock still running
}


def clock_calendar(config: BusinessCalendarConfig | None, business_time: bool) -> BusinessCalendar:
    """The calendar a clock counts on: calendar time counts on 24x7."""
    if not business_time or config is None:
        return ALWAYS_OPEN
    return load_calendar(config)


def _config(complaint: Complaint, policy: SlaPolicy) -> BusinessCalendarConfig | None:
    if policy.calendar_id is not None:
        return policy.calendar
    return complaint.team.calendar if complaint.team is not None else None


def _deadline(
    complaint: Complaint,
    kind: str,
    policy: SlaPolicy,
    target: timedelta,
    at: datetime,
    *,
    business_time: bool,
) -> Deadline:
    config = _config(complaint, policy) if business_time else None
    due_at = add_business_time(at, target, clock_calendar(config, business_time))
    return Deadline(
        complaint=complaint,
        kind=kind,
        policy=policy,
        calendar=config,
        target=target,
        business_time=business_time,
        pausable=not kind.startswith("regulatory"),
        started_at=at,
        due_at=due_at,
        warn_at=warn_time(at, due_at),
    )


def start_clocks(*, complaint: Complaint, at: datetime, events: list[Event]) -> list[Deadline]:
    """Create the complaint's deadlines from its policy; none when no policy matches.

    The "clocks_started" event is appended to `events`, for the caller to record
    with the complaint's other first events in one INSERT.

    Regulatory clocks count calendar days and never pause: the regulator's
    days run whatever the customer does.
    """
    policy = policy_for(complaint)
    if policy is None:
        return []
    clocks = []
    for kind in CLOCKS:
        target = target_for(policy, complaint.priority, kind)
        if target is not None:
            clocks.append(
                _deadline(complaint, kind, policy, target, at, business_time=policy.business_time)
            )
    for kind, days in (
        (DeadlineKind.REGULATORY_RESPONSE, policy.regulatory_response_days),
        (DeadlineKind.REGULATORY_FINAL, policy.regulatory_final_days),
    ):
        if days:
            clocks.append(
                _deadline(complaint, kind, policy, timedelta(days=days), at, business_time=False)
            )
    rows.insert(clocks)
    events.append(
        new_event(
            complaint,
            "clocks_started",
            label="system",
            at=at,
            detail={"policy": policy.name, "due": {d.kind: d.due_at.isoformat() for d in clocks}},
        )
    )
    return clocks


def mark_met(*, complaint: Complaint, kinds: Iterable[str] | None, at: datetime) -> int:
    """Stop the running clocks of these kinds (all when None) at ``at``.

    No event of its own: the reply or status change that meets a clock is
    already in the log, and verify.py derives ``met_at`` from it.
    """
    running = Deadline.objects.filter(complaint=complaint, met_at__isnull=True)
    if kinds is not None:
        running = running.filter(kind__in=list(kinds))
    return running.update(met_at=at, paused_at=None)


def _pause(complaint: Complaint, at: datetime) -> None:
    # Only clocks not yet due pause: a missed deadline stays missed.
    Deadline.objects.filter(
        complaint=complaint,
        pausable=True,
        met_at__isnull=True,
        breached_at__isnull=True,
        paused_at__isnull=True,
        due_at__gt=at,
    ).update(paused_at=at)


def resumed_due(deadline: Deadline, paused_at: datetime, resumed_at: datetime) -> datetime:
    """The due time after a pause: the business time left at the pause, from the resume."""
    calendar = clock_calendar(deadline.calendar, deadline.business_time)
    remaining = business_time_between(paused_at, deadline.due_at, calendar)
    return add_business_time(resumed_at, remaining, calendar)


def _resume(complaint: Complaint, at: datetime) -> None:
    paused = Deadline.objects.filter(complaint=complaint, paused_at__isnull=False).select_related(
        "calendar"
    )
    for deadline in paused:
        assert deadline.paused_at is not None
        deadline.due_at = resumed_due(deadline, deadline.paused_at, at)
        deadline.warn_at = warn_time(deadline.started_at, deadline.due_at)
        deadline.paused_at = None
        deadline.save(update_fields=["due_at", "warn_at", "paused_at"])


def _start_clock(complaint: Complaint, kind: str, at: datetime) -> None:
    """One more clock of `kind` from `at`, on the complaint's policy; none when no
    policy sets a target for it."""
    policy = policy_for(complaint)
    target = target_for(policy, complaint.priority, kind) if policy else None
    if policy is None or target is None:
        return
    _deadline(complaint, kind, policy, target, at, business_time=policy.business_time).save()


def _restart_resolution(complaint: Complaint, at: datetime) -> None:
    """A reopened complaint owes the customer a resolution again: a new resolution
    clock from the reopening (none while the last one is still running)."""
    kind = DeadlineKind.RESOLUTION
    if not Deadline.objects.filter(complaint=complaint, kind=kind, met_at__isnull=True).exists():
        _start_clock(complaint, kind, at)


def on_status_changed(
    *, complaint: Complaint, from_status: str, to_status: str, at: datetime
) -> None:
    """Hook for transition_complaint: pause, resume, meet or restart clocks."""
    if to_status in MET_BY_STATUS:
        mark_met(complaint=complaint, kinds=MET_BY_STATUS[to_status], at=at)
    if to_status == Status.WAITING_CUSTOMER:
        _pause(complaint, at)
    elif from_status == Status.WAITING_CUSTOMER:
        _resume(complaint, at)
    elif to_status == Status.REOPENED:
        _restart_resolution(complaint, at)


def _answer_pending(complaint: Complaint) -> bool:
    return Promise.objects.filter(
        complaint=complaint, kind=PromiseKind.ANSWER, status__in=OPEN_STATES
    ).exists()


def on_reply_sent(*, complaint: Complaint, at: datetime) -> None:
    """Hook for send_reply: the first reply meets the response clocks; while an answer
    is deferred, every update meets the running next-update clock and starts the next."""
    mark_met(complaint=complaint, kinds=(*MET_BY_REPLY, DeadlineKind.NEXT_UPDATE), at=at)
    if _answer_pending(complaint):
        _start_clock(complaint, DeadlineKind.NEXT_UPDATE, at)
