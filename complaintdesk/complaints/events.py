"""Appending to the 3W record. The only place that creates Event rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from complaintdesk.lib import rows

from .models import Complaint, Event

Actor = User | AnonymousUser | None
"""Who acted: a user, or None for the system (then a label names it)."""


def actor_label(actor: Actor, fallback: str = "system") -> str:
    return actor.get_username() if isinstance(actor, User) else fallback


def acting_user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def new_event(
    complaint: Complaint,
    kind: str,
    *,
    actor: Actor = None,
    label: str | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Event:
    """One event, not yet written: `label` names a non-user actor ("customer", "worker")."""
    return Event(
        complaint=complaint,
        kind=kind,
        actor=acting_user(actor),
        actor_label=label or actor_label(actor),
        detail=detail or {},
        at=at or timezone.now(),
    )


def record_event(
    complaint: Complaint,
    kind: str,
    *,
    actor: Actor = None,
    label: str | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Event:
    """Append one event."""
    event = new_event(complaint, kind, actor=actor, label=label, detail=detail, at=at)
    event.save()
    return event


def record_events(events: list[Event]) -> list[Event]:
    """Append events made by new_event, in their order, with one INSERT."""
    rows.insert(events)
    return events
