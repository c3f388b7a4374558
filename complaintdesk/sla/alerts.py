"""Internal alerts to staff: an Alert row each, plus an email through the outbox.

Called inside the worker's claiming transaction, so the alert, the status
change and the email commit together or not at all (ARCHITECTURE.md rule 6).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from complaintdesk.accounts.models import Role
from complaintdesk.complaints.models import Complaint
from complaintdesk.worker.outbox import queue_email

from .models import Alert, Deadline, Promise


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


def _recipients(users: Iterable[User | None]) -> list[User]:
    unique: dict[int, User] = {}
    for user in users:
        if user is not None and user.is_active:
            unique.setdefault(user.pk, user)
    return list(unique.values())


def raise_alert(
    *,
    complaint: Complaint,
    kind: str,
    text: str,
    recipients: Iterable[User | None],
    promise: Promise | None = None,
    deadline: Deadline | None = None,
) -> list[Alert]:
    """Alert each distinct recipient once; an alert that already exists is skipped.

    Each insert runs in a savepoint so a duplicate (a racing worker) leaves
    the surrounding transaction usable.
    """
    now = timezone.now()
    made: list[Alert] = []
    for user in _recipients(recipients):
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    complaint=complaint,
                    recipient=user,
                    kind=kind,
                    promise=promise,
                    deadline=deadline,
                    text=text,
                    created_at=now,
                )
        except IntegrityError:
            continue
        made.append(alert)
        if user.email:
            # No complaint_id: internal mail must not join the customer's thread.
            queue_email(
                kind=f"alert:{kind}",
                to_address=user.email,
                subject=f"[{complaint.reference}] {text}"[:400],
                body_text=f"{text}\n\n{complaint.reference}: {complaint.subject}\n",
            )
    return made
