"""The worker's SLA step: warnings, broken promises, alerts, running-late notices."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine

from complaintdesk.complaints.models import Event
from complaintdesk.sla.models import Alert, Promise, PromiseStatus
from complaintdesk.sla.promises import keep_promise, make_promise
from complaintdesk.sla.sweep import sweep_due
from complaintdesk.worker.models import OutboxMessage
from conftest import file_complaint

from .helpers import T0, only_policy


def _kinds(complaint: Any) -> list[str]:
    return list(Event.objects.filter(complaint=complaint).values_list("kind", flat=True))


def test_promise_of_seconds_goes_at_risk_then_broken_with_events_and_alerts(
    api: Any, cast: Any
) -> None:
    cast["agent"].email = "agent@example.com"
    cast["agent"].save()
    complaint = file_complaint()
    with time_machine.travel(T0, tick=False):
        body = (
            api["agent"]
            .post(
                f"/complaints/{complaint.reference}/promises",
                {"description": "Call back", "due_at": "2026-06-01T10:00:10Z"},
            )
            .json()
        )
    with time_machine.travel(T0 + timedelta(seconds=1), tick=False):
        assert sweep_due() == 1
    promise = Promise.objects.get(pk=body["id"])
    assert promise.status == PromiseStatus.AT_RISK
    at_risk = set(
        Alert.objects.filter(kind="promise_at_risk").values_list("recipient__username", flat=True)
    )
    assert at_risk == {"agent", "supervisor"}
    assert (
        OutboxMessage.objects.filter(
            kind="alert:promise_at_risk", to_address="agent@example.com"
        ).count()
        == 1
    )
    with time_machine.travel(T0 + timedelta(seconds=11), tick=False):
        assert sweep_due() == 1
        assert sweep_due() == 0  # idempotent: nothing is due twice
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.BROKEN
    broken = set(
        Alert.objects.filter(kind="promise_broken").values_list("recipient__username", flat=True)
    )
    assert broken == {"agent", "supervisor"}
    kinds = _kinds(complaint)
    assert kinds.count("promise_at_risk") == kinds.count("promise_broken") == 1
    assert "escalation_proposed" in kinds
    stats = api["supervisor"].get("/promises/stats").json()
    assert stats["agents"]["agent"]["broken"] == 1
    assert stats["teams"]["billing"] == {"made": 1, "kept": 0, "broken": 1, "renegotiated": 0}


def test_broken_promise_makes_the_complaint_breached(api: Any, cast: Any) -> None:
    late = file_complaint()
    fine = file_complaint()
    with time_machine.travel(T0, tick=False):
        make_promise(
            complaint=late, actor=cast["agent"], description="x", due_at=T0 + timedelta(minutes=5)
        )
        make_promise(
            complaint=fine, actor=cast["agent"], description="y", due_at=T0 + timedelta(days=2)
        )
    with time_machine.travel(T0 + timedelta(minutes=4, seconds=30), tick=False):
        at_risk = api["agent"].get("/complaints", at_risk="true").json()["items"]
        assert [c["reference"] for c in at_risk] == [late.reference]
    with time_machine.travel(T0 + timedelta(minutes=6), tick=False):
        sweep_due()
        breached = api["agent"].get("/complaints", breached="true").json()["items"]
        detail = api["agent"].get(f"/complaints/{late.reference}").json()
    assert [c["reference"] for c in breached] == [late.reference]
    assert {"kind": "promise:other", "state": "breached"}.items() <= next(
        d for d in detail["deadlines"] if d["kind"].startswith("promise")
    ).items()


def test_running_late_notice_tells_the_customer_the_new_time_before_the_old_one(cast: Any) -> None:
    only_policy(
        running_late_notice=True, running_late_lead_minutes=15, running_late_extension_minutes=60
    )
    complaint = file_complaint()
    with time_machine.travel(T0, tick=False):
        promise = make_promise(
            complaint=complaint,
            actor=cast["agent"],
            description="Visit",
            due_at=T0 + timedelta(hours=2),
        )
    assert promise.notice_at == T0 + timedelta(hours=1, minutes=45)
    with time_machine.travel(T0 + timedelta(hours=1, minutes=30), tick=False):
        sweep_due()
    assert not OutboxMessage.objects.filter(kind="running_late").exists()
    with time_machine.travel(T0 + timedelta(hours=1, minutes=46), tick=False):
        sweep_due()
        sweep_due()
    notice = OutboxMessage.objects.get(kind="running_late")
    assert notice.created_at < promise.promised_at
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.RENEGOTIATED
    new = Promise.objects.get(replaces=promise)
    assert new.promised_at == T0 + timedelta(hours=3)
    assert new.notice_at is None


def test_a_kept_promise_is_never_flagged(cast: Any) -> None:
    complaint = file_complaint()
    with time_machine.travel(T0, tick=False):
        promise = make_promise(
            complaint=complaint,
            actor=cast["agent"],
            description="x",
            due_at=T0 + timedelta(minutes=5),
        )
    keep_promise(promise=promise, actor=cast["agent"])
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        assert sweep_due() == 0
    assert not Alert.objects.exists()
