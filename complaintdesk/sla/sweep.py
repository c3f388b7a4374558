"""The worker's deadline step: promises whose warning or due time has come.

Queries only the indexed (status, warn_at) and (status, promised_at) columns,
never every open complaint.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from complaintdesk.complaints.events import record_event

from .models import Promise, PromiseStatus

BATCH = 200


def _claim(**filters: object) -> list[Promise]:
    return list(
        Promise.objects.select_for_update(skip_locked=True)
        .select_related("complaint")
        .filter(**filters)
        .order_by("id")[:BATCH]
    )


def sweep_due() -> int:
    """Mark promises at risk at their warning time and broken at their promised time."""
    now = timezone.now()
    done = 0
    with transaction.atomic():
        for promise in _claim(status=PromiseStatus.OPEN, warn_at__lte=now, promised_at__gt=now):
            promise.status = PromiseStatus.AT_RISK
            promise.save(update_fields=["status"])
            record_event(
                promise.complaint,
                "promise_at_risk",
                label="worker",
                detail={"promise_id": promise.pk, "promised_at": promise.promised_at.isoformat()},
            )
            done += 1
    with transaction.atomic():
        for promise in _claim(
            status__in=[PromiseStatus.OPEN, PromiseStatus.AT_RISK], promised_at__lte=now
        ):
            promise.status = PromiseStatus.BROKEN
            promise.settled_at = now
            promise.save(update_fields=["status", "settled_at"])
            record_event(
                promise.complaint,
                "promise_broken",
                label="worker",
                detail={"promise_id": promise.pk, "promised_at": promise.promised_at.isoformat()},
            )
            done += 1
    return done
