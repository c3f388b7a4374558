"""Internal alerts to staff: an Alert row each, plus an email through the outbox.

Called inside the worker's claiming transaction, which holds the row locks
of the promises and deadlines alerted about: the alert, the status change
and the email commit together or not at all (ARCHITECTURE.md rule 6), and
no other worker can alert about the same item meanwhile. The unique
constraints on Alert are the backstop.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from complaintdesk.accounts.models import Role
from complaintdesk.complaints.models import Complaint
from complaintdesk.worker.outbox import queue_email

from . import selectors
from .models import Alert, Deadline, Promise

_Key = tuple[int, str, int | None, int | None]


def supervisors_of(
    complaint: Complaint, cache: dict[int | None, list[User]] | None = None
) -> list[User]:
    """The team's supervisors; managers when the team has none (or there is no team).

    ``cache`` (one per worker batch) saves asking again for the same team.
    """
    if cache is not None:
        if complaint.team_id not in cache:
            cache[complaint.team_id] = supervisors_of(complaint)
        return cache[complaint.team_id]
    found: list[User] = []
    if complaint.team_id is not None:
        found = list(
            User.objects.filter(
                staff__role=Role.SUPERVISOR, staff__teams=complaint.team_id, is_active=True
            ).order_by("id")
        )
    if not found:
        found = list(User.objects.filter(staff__role=Role.MANAGER, is_active=True).order_by("id"))
    return found


@dataclass(frozen=True)
class AlertSpec:
    """One thing to tell some people about."""

    complaint: Complaint
    kind: str
    text: str
    recipients: tuple[User | None, ...]
    promise: Promise | None = None
    deadline: Deadline | None = None


def _existing(specs: Sequence[AlertSpec]) -> set[_Key]:
    promise_ids = [s.promise.pk for s in specs if s.promise is not None]
    deadline_ids = [s.deadline.pk for s in specs if s.deadline is not None]
    if not promise_ids and not deadline_ids:
        return set()
    found = Alert.objects.filter(
        Q(promise_id__in=promise_ids) | Q(deadline_id__in=deadline_ids)
    ).values_list("recipient_id", "kind", "promise_id", "deadline_id")
    return set(found)


def _recipients(users: Iterable[User | None]) -> list[User]:
    unique: dict[int, User] = {}
    for user in users:
        if user is not None and user.is_active:
            unique.setdefault(user.pk, user)
    return list(unique.values())


def raise_alerts(specs: Sequence[AlertSpec]) -> list[Alert]:
    """Alert each distinct recipient of each spec once; alerts that exist are skipped.

    A few queries per batch whatever its size, plus one outbox row per email.
    """
    seen = _existing(specs)
    now = timezone.now()
    rows: list[Alert] = []
    for spec in specs:
        for user in _recipients(spec.recipients):
            key = (
                user.pk,
                spec.kind,
                spec.promise.pk if spec.promise else None,
                spec.deadline.pk if spec.deadline else None,
            )
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                Alert(
                    complaint=spec.complaint,
                    recipient=user,
                    kind=spec.kind,
                    promise=spec.promise,
                    deadline=spec.deadline,
                    text=spec.text,
                    created_at=now,
                )
            )
    Alert.objects.bulk_create(rows)
    for alert in rows:
        if alert.recipient.email:
            # No complaint_id: internal mail must not join the customer's thread.
            queue_email(
                kind=f"alert:{alert.kind}",
                to_address=alert.recipient.email,
                subject=f"[{alert.complaint.reference}] {alert.text}"[:400],
                body_text=f"{alert.text}\n\n{alert.complaint.reference}: "
                f"{alert.complaint.subject}\n",
            )
    return rows


def mark_alert_read(user: Any, alert_id: int) -> Alert | None:
    """Mark one of the user's alerts read (once: the first time stays); None if not theirs."""
    alert = selectors.alerts_for(user, unread_only=False).filter(pk=alert_id).first()
    if alert is not None and alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
    return alert


def mark_all_alerts_read(user: Any) -> int:
    """Mark every unread alert of the user read; how many were."""
    return selectors.alerts_for(user).update(read_at=timezone.now())
