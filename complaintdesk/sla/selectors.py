"""Deadline-state filters for complaint lists, on indexed due-time columns."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from complaintdesk.complaints.models import Complaint

from .models import Promise, PromiseStatus

OPEN_STATES = (PromiseStatus.OPEN, PromiseStatus.AT_RISK)


def _breached_promises() -> Q:
    now = timezone.now()
    return Q(status=PromiseStatus.BROKEN) | Q(status__in=OPEN_STATES, promised_at__lt=now)


def _at_risk_promises() -> Q:
    now = timezone.now()
    return Q(status=PromiseStatus.AT_RISK, promised_at__gte=now) | Q(
        status=PromiseStatus.OPEN, warn_at__lte=now, promised_at__gte=now
    )


def filter_breached(qs: QuerySet[Complaint], breached: bool) -> QuerySet[Complaint]:
    match = Exists(Promise.objects.filter(_breached_promises(), complaint=OuterRef("pk")))
    return qs.filter(match) if breached else qs.exclude(match)


def filter_at_risk(qs: QuerySet[Complaint], at_risk: bool) -> QuerySet[Complaint]:
    match = Exists(Promise.objects.filter(_at_risk_promises(), complaint=OuterRef("pk")))
    return qs.filter(match) if at_risk else qs.exclude(match)
