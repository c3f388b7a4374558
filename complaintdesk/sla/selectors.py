"""Reads about deadlines and promises: list filters, the promise ledger, the counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.http import Http404
from django.utils import timezone

from complaintdesk.complaints.models import Complaint, Event

from .models import OPEN_STATES, Alert, Deadline, Promise, PromiseStatus

PROMISE_EVENTS = ("promise_made", "promise_kept", "promise_broken", "promise_renegotiated")


def _breached_promises() -> Q:
    now = timezone.now()
    return Q(status=PromiseStatus.BROKEN) | Q(status__in=OPEN_STATES, promised_at__lt=now)


def _at_risk_promises() -> Q:
    now = timezone.now()
    return Q(status=PromiseStatus.AT_RISK, promised_at__gte=now) | Q(
        status=PromiseStatus.OPEN, warn_at__lte=now, promised_at__gte=now
    )


def _breached_deadlines() -> Q:
    now = timezone.now()
    return Q(met_at__isnull=True) & (
        Q(breached_at__isnull=False) | Q(paused_at__isnull=True, due_at__lt=now)
    )


def _at_risk_deadlines() -> Q:
    now = timezone.now()
    return Q(
        met_at__isnull=True,
        breached_at__isnull=True,
        paused_at__isnull=True,
        warn_at__lte=now,
        due_at__gte=now,
    )


def filter_breached(qs: QuerySet[Complaint], breached: bool) -> QuerySet[Complaint]:
    """Complaints with a broken or overdue promise, or a missed SLA clock (or without)."""
    match = Exists(Promise.objects.filter(_breached_promises(), complaint=OuterRef("pk"))) | Exists(
        Deadline.objects.filter(_breached_deadlines(), complaint=OuterRef("pk"))
    )
    return qs.filter(match) if breached else qs.exclude(match)


def filter_at_risk(qs: QuerySet[Complaint], at_risk: bool) -> QuerySet[Complaint]:
    """Complaints with a promise or a running clock past its warning time (or without)."""
    match = Exists(Promise.objects.filter(_at_risk_promises(), complaint=OuterRef("pk"))) | Exists(
        Deadline.objects.filter(_at_risk_deadlines(), complaint=OuterRef("pk"))
    )
    return qs.filter(match) if at_risk else qs.exclude(match)


def promises_of(visible: QuerySet[Complaint], status: str = "") -> QuerySet[Promise]:
    """Promises on the given (already permission-filtered) complaints, soonest first.

    ``status=at_risk`` is the supervisor's list: promises past their warning
    time that are not yet kept, whether or not the worker has flagged them.
    """
    qs = Promise.objects.filter(complaint__in=visible)
    if status == "at_risk":
        qs = qs.filter(_at_risk_promises())
    elif status:
        qs = qs.filter(status__in=status.split(","))
    return qs.select_related("owner", "complaint").order_by("promised_at", "id")


def promise_on(visible: QuerySet[Complaint], reference: str, promise_id: int) -> Promise:
    """The promise if its complaint is visible and it belongs to it; 404 otherwise."""
    promise = (
        Promise.objects.filter(pk=promise_id, complaint__reference=reference, complaint__in=visible)
        .select_related("owner", "complaint__customer")
        .first()
    )
    if promise is None:
        raise Http404("No such promise")
    return promise


def promise_counts(visible: QuerySet[Complaint]) -> dict[str, Any]:
    """Promises made, kept, broken and renegotiated per agent (the promise's owner as
    recorded in the event) and per team (the complaint's current team), from the
    event log: never a stored counter that could drift. One query."""
    rows = (
        Event.objects.filter(kind__in=PROMISE_EVENTS, complaint__in=visible)
        .values("kind", owner=KT("detail__owner"), team=F("complaint__team__slug"))
        .annotate(n=Count("id"))
        .order_by()
    )
    by_agent: dict[str, dict[str, int]] = {}
    by_team: dict[str, dict[str, int]] = {}
    for row in rows:
        kind = row["kind"].removeprefix("promise_")
        for table, key in ((by_agent, row["owner"]), (by_team, row["team"])):
            counts = table.setdefault(
                key or "", dict.fromkeys(("made", "kept", "broken", "renegotiated"), 0)
            )
            counts[kind] += row["n"]
    return {"agents": by_agent, "teams": by_team}


def alerts_for(user: Any, unread_only: bool = True) -> QuerySet[Alert]:
    """The user's own alerts (nobody sees another's), newest first."""
    qs = Alert.objects.filter(recipient_id=user.pk).select_related("complaint")
    return qs.filter(read_at__isnull=True) if unread_only else qs
