"""The complaint lifecycle: one table, read by the services, the API and the UI."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting on customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.ACKNOWLEDGED,),
    Status.ACKNOWLEDGED: (Status.IN_PROGRESS,),
    Status.IN_PROGRESS: (Status.WAITING_CUSTOMER, Status.RESOLVED),
    Status.WAITING_CUSTOMER: (Status.IN_PROGRESS, Status.RESOLVED),
    Status.RESOLVED: (Status.CLOSED, Status.REOPENED),
    Status.CLOSED: (Status.REOPENED,),
    Status.REOPENED: (Status.IN_PROGRESS,),
}

OPEN_STATUSES: tuple[str, ...] = (
    Status.NEW,
    Status.ACKNOWLEDGED,
    Status.IN_PROGRESS,
    Status.WAITING_CUSTOMER,
    Status.REOPENED,
)

# The shortest walk from each status to "in progress" — answering a complaint
# implies it has been acknowledged and is being worked on.
PATH_TO_IN_PROGRESS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.ACKNOWLEDGED, Status.IN_PROGRESS),
    Status.ACKNOWLEDGED: (Status.IN_PROGRESS,),
    Status.IN_PROGRESS: (),
    Status.WAITING_CUSTOMER: (Status.IN_PROGRESS,),
    Status.REOPENED: (Status.IN_PROGRESS,),
}


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def is_allowed(current: str, target: str) -> bool:
    return target in allowed_transitions(current)
