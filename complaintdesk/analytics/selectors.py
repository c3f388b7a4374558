"""Read-only figures built from the event log (the audit trail is the analytics source)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from complaintdesk.complaints.models import Complaint, Event
from complaintdesk.complaints.selectors import AnyUser, complaints_visible_to


def _reply_events(user: AnyUser, since: datetime, until: datetime) -> QuerySet[Event]:
    return (
        Event.objects.filter(
            kind="reply_sent",
            at__gte=since,
            at__lt=until,
            complaint__in=complaints_visible_to(user),
        )
        .select_related("complaint__team")
        .only("at", "actor_label", "detail", "complaint__team__slug")
        .order_by("id")
    )


def taboo_stats(user: AnyUser, *, since: datetime, until: datetime) -> dict[str, Any]:
    """Taboo findings in sent replies, per agent, per team and per day, with reply counts.

    Counted from `reply_sent` events, so the figures are exactly the record.
    Broken promises (T6 from the record) are counted from `promise_broken`.
    """
    by_agent: dict[str, Counter[str]] = defaultdict(Counter)
    by_team: dict[str, Counter[str]] = defaultdict(Counter)
    by_day: dict[str, Counter[str]] = defaultdict(Counter)
    replies: Counter[str] = Counter()
    for event in _reply_events(user, since, until).iterator(chunk_size=2000):
        team = event.complaint.team.slug if event.complaint.team else "-"
        replies[event.actor_label] += 1
        for code in event.detail.get("taboos", []):
            by_agent[event.actor_label][code] += 1
            by_team[team][code] += 1
            by_day[event.at.date().isoformat()][code] += 1
    broken = Event.objects.filter(
        kind="promise_broken",
        at__gte=since,
        at__lt=until,
        complaint__in=complaints_visible_to(user),
    ).values_list("complaint__assignee__username", "complaint__team__slug")
    for assignee, team in broken:
        by_agent[assignee or "-"]["T6"] += 1
        by_team[team or "-"]["T6"] += 1
    return {
        "since": since,
        "until": until,
        "replies_by_agent": dict(replies),
        "by_agent": {k: dict(v) for k, v in sorted(by_agent.items())},
        "by_team": {k: dict(v) for k, v in sorted(by_team.items())},
        "by_day": {k: dict(v) for k, v in sorted(by_day.items())},
    }


def passed_around(user: AnyUser, limit: int = 50) -> QuerySet[Complaint]:
    """Complaints transferred more than once (DOMAIN.md §3), newest first."""
    return (
        complaints_visible_to(user)
        .filter(transfer_count__gt=1)
        .select_related("team", "assignee", "customer")
        .order_by("-id")[:limit]
    )
