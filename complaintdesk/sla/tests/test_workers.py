"""Several workers share the SLA step without sending anything twice (ARCHITECTURE.md)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from complaintdesk.complaints.models import Event
from complaintdesk.sla.models import Alert, Promise
from complaintdesk.sla.sweep import sweep_due
from complaintdesk.worker.models import OutboxMessage
from conftest import file_complaint

from .helpers import only_policy

PROMISES = 60


def _due_promises(cast: Any) -> None:
    """Promises already past their warning and customer-notice points."""
    only_policy(targets={}, running_late_notice=True)
    now = timezone.now()
    complaints = [file_complaint() for _ in range(PROMISES)]
    Promise.objects.bulk_create(
        Promise(
            complaint=c,
            owner=cast["agent"],
            description="Call back",
            internal_due_at=now + timedelta(minutes=10),
            promised_at=now + timedelta(minutes=10),
            warn_at=now - timedelta(seconds=1),
            notice_at=now - timedelta(seconds=1),
            created_at=now - timedelta(minutes=1),
        )
        for c in complaints
    )


def _assert_each_sent_once() -> None:
    per_promise = Counter(
        Event.objects.filter(kind="promise_at_risk").values_list("detail__promise_id", flat=True)
    )
    assert len(per_promise) == PROMISES
    assert set(per_promise.values()) == {1}
    assert (
        Alert.objects.filter(kind="promise_at_risk").count() == 2 * PROMISES
    )  # owner + supervisor
    late = Counter(
        OutboxMessage.objects.filter(kind="running_late").values_list("complaint_id", flat=True)
    )
    assert len(late) == PROMISES
    assert set(late.values()) == {1}


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_double_send(cast: Any) -> None:
    _due_promises(cast)
    if connection.vendor != "postgresql":
        # SQLite runs one worker; two sweeps in a row must still send once.
        sweep_due()
        sweep_due()
        _assert_each_sent_once()
        return
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(3):
                sweep_due()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _assert_each_sent_once()
