"""Recomputing SLA clocks from the event log, to prove the stored figures have not drifted.

The stored deadline is the cache; the log is the truth. Each clock is
replayed from its complaint's events: start at ``created`` (a resolution clock
also at a reopening), pause while ``status_changed`` says waiting_customer,
met by the reply or status change that meets it. A next-update clock starts
at a reply and is met by the next one, or by keeping the deferred answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from complaintdesk.complaints.models import Event
from complaintdesk.complaints.states import Status

from .calendar import add_business_time, business_time_between
from .deadlines import MET_BY_REPLY, MET_BY_STATUS, clock_calendar
from .models import Deadline, DeadlineKind, PromiseKind

_CLOCK_EVENTS = ("status_changed", "reply_sent", "promise_kept")


@dataclass(frozen=True)
class Mismatch:
    reference: str
    kind: str
    field: str
    stored: datetime | None
    computed: datetime | None


def _answer_promises(events: Iterable[Event]) -> set[Any]:
    return {
        e.detail.get("promise_id")
        for e in events
        if e.kind == "promise_made" and e.detail.get("kind") == PromiseKind.ANSWER
    }


def _meets(deadline: Deadline, event: Event, answers: set[Any]) -> bool:
    """Whether the event stops the clock. A next-update clock is met by the next
    reply after the one that started it, or by keeping the deferred answer."""
    if event.kind == "reply_sent":
        if deadline.kind == DeadlineKind.NEXT_UPDATE:
            return event.at > deadline.started_at
        return deadline.kind in MET_BY_REPLY
    if event.kind == "promise_kept":
        is_answer = event.detail.get("promise_id") in answers
        return deadline.kind == DeadlineKind.NEXT_UPDATE and is_answer
    if event.kind != "status_changed" or event.detail.get("to") not in MET_BY_STATUS:
        return False
    kinds = MET_BY_STATUS[event.detail["to"]]
    return kinds is None or deadline.kind in kinds


def replay(deadline: Deadline, events: Iterable[Event]) -> tuple[datetime, datetime | None]:
    """(due_at, met_at) of a clock as the events say they should be."""
    events = list(events)
    answers = _answer_promises(events)
    calendar = clock_calendar(deadline.calendar, deadline.business_time)
    due = add_business_time(deadline.started_at, deadline.target, calendar)
    paused: datetime | None = None
    for event in events:
        if event.at < deadline.started_at or event.kind not in _CLOCK_EVENTS:
            continue
        if _meets(deadline, event, answers):
            return due, event.at
        if event.kind != "status_changed" or not deadline.pausable:
            continue
        if event.detail.get("to") == Status.WAITING_CUSTOMER and paused is None and due > event.at:
            paused = event.at
        elif event.detail.get("from") == Status.WAITING_CUSTOMER and paused is not None:
            due = add_business_time(
                event.at, business_time_between(paused, due, calendar), calendar
            )
            paused = None
    return due, None


def _starts(kind: str, events: list[Event]) -> list[datetime]:
    """When the log says clocks of `kind` started: at creation, a resolution clock
    again at each reopening, a next-update clock at a reply."""
    if kind == DeadlineKind.NEXT_UPDATE:
        return [e.at for e in events if e.kind == "reply_sent"]
    starts = [e.at for e in events if e.kind == "created"]
    if kind == DeadlineKind.RESOLUTION:
        starts += [
            e.at
            for e in events
            if e.kind == "status_changed" and e.detail.get("to") == Status.REOPENED
        ]
    return starts


def _checked(deadline: Deadline, events: list[Event]) -> Iterator[Mismatch]:
    reference = deadline.complaint.reference
    starts = _starts(deadline.kind, events)
    if deadline.started_at not in starts:
        expected = starts[0] if starts else None
        yield Mismatch(reference, deadline.kind, "started_at", deadline.started_at, expected)
    due, met = replay(deadline, events)
    if due != deadline.due_at:
        yield Mismatch(reference, deadline.kind, "due_at", deadline.due_at, due)
    if met != deadline.met_at:
        yield Mismatch(reference, deadline.kind, "met_at", deadline.met_at, met)


def verify_deadlines(chunk: int = 500) -> Iterator[Mismatch]:
    """Every stored SLA clock against its replay, chunk by chunk."""
    clocks = Deadline.objects.select_related("complaint", "calendar").order_by("complaint_id", "id")
    last = 0
    while True:
        batch = list(clocks.filter(complaint_id__gt=last).order_by("complaint_id", "id")[:chunk])
        if not batch:
            return
        last = batch[-1].complaint_id
        batch = [d for d in batch if d.complaint_id < last] or batch
        last = batch[-1].complaint_id
        ids = {d.complaint_id for d in batch}
        events: dict[int, list[Event]] = {i: [] for i in ids}
        for event in Event.objects.filter(complaint_id__in=ids).order_by("id"):
            events[event.complaint_id].append(event)
        for deadline in batch:
            yield from _checked(deadline, events[deadline.complaint_id])
