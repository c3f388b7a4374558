"""SLA clocks: policies, business hours, pauses, regulatory clocks, verification."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from complaintdesk.complaints.answering import answer_immediately, defer_answer
from complaintdesk.complaints.replies import send_reply
from complaintdesk.complaints.services import (
    move_to_in_progress,
    receive_customer_message,
    transition_complaint,
)
from complaintdesk.sla.models import Alert, Deadline, DeadlineKind, SlaPolicy
from complaintdesk.sla.policies import policy_for
from complaintdesk.sla.sweep import sweep_due
from conftest import file_complaint

from .helpers import ATHENS, T0, office_hours, only_policy

DAY = timedelta(days=1)


def _due(complaint: Any, kind: str) -> Deadline:
    return Deadline.objects.get(complaint=complaint, kind=kind, met_at__isnull=True)


def _deferred(cast: Any, at: datetime) -> Any:
    """A complaint filed at `at` whose answer is deferred by three days."""
    with time_machine.travel(at, tick=False):
        complaint = file_complaint()
        defer_answer(
            complaint=complaint,
            actor=cast["agent"],
            message="We are checking with the warehouse and will write again.",
            answer_by=at + 3 * DAY,
            update_channel="email",
        )
    return complaint


def test_first_matching_policy_wins_in_order(cast: Any) -> None:
    only_policy(name="urgent", priority="urgent", targets={"*": {"resolution": "P1D"}})
    SlaPolicy.objects.create(name="gold", order=2, customer_tier="gold", targets={})
    SlaPolicy.objects.create(name="rest", order=3, targets={})
    cast["alice"].tier = "gold"
    cast["alice"].save()
    chosen = [
        policy_for(file_complaint(priority="urgent")),
        policy_for(file_complaint()),
        policy_for(file_complaint(email="bob@example.com")),
    ]
    assert [p.name if p else None for p in chosen] == ["urgent", "gold", "rest"]


def test_clocks_start_on_creation_per_priority_and_appear_in_the_json(api: Any, cast: Any) -> None:
    only_policy(targets={"*": {"acknowledgement": "PT4H"}, "urgent": {"acknowledgement": "PT1H"}})
    with time_machine.travel(T0, tick=False):
        urgent = file_complaint(priority="urgent")
        normal = file_complaint()
        body = api["agent"].get(f"/complaints/{urgent.reference}").json()
    assert _due(urgent, DeadlineKind.ACKNOWLEDGEMENT).due_at == T0 + timedelta(hours=1)
    assert _due(normal, DeadlineKind.ACKNOWLEDGEMENT).due_at == T0 + timedelta(hours=4)
    (ack,) = body["deadlines"]
    assert ack["kind"] == "acknowledgement"
    assert ack["state"] == "pending"
    assert ack["seconds_left"] == 3600


def test_friday_evening_deferral_is_next_updated_in_monday_business_hours(cast: Any) -> None:
    office_hours(cast["teams"]["billing"])
    only_policy(targets={"*": {"next_update": "PT4H"}})
    friday_evening = T0.replace(day=5, hour=14)  # 17:00 in Athens
    complaint = _deferred(cast, friday_evening)
    update = _due(complaint, DeadlineKind.NEXT_UPDATE)
    assert update.due_at.astimezone(ATHENS).strftime("%a %d %H:%M") == "Mon 08 12:00"
    answer_immediately(complaint=complaint, actor=cast["agent"], message="Here is your answer.")
    assert not Deadline.objects.filter(kind=DeadlineKind.NEXT_UPDATE, met_at__isnull=True).exists()


def test_next_update_clocks_are_replayed_from_the_log(cast: Any) -> None:
    only_policy(targets={"*": {"next_update": "PT4H"}})
    complaint = _deferred(cast, T0)
    with time_machine.travel(T0 + timedelta(hours=3), tick=False), transaction.atomic():
        send_reply(complaint=complaint, actor=cast["agent"], text="Still checking, sorry.")
    with time_machine.travel(T0 + timedelta(hours=5), tick=False):
        answer_immediately(complaint=complaint, actor=cast["agent"], message="Here is the answer.")
    clocks = Deadline.objects.filter(complaint=complaint, kind=DeadlineKind.NEXT_UPDATE)
    met = [(d.started_at - T0, d.met_at - T0) for d in clocks.order_by("started_at") if d.met_at]
    assert met == [(timedelta(0), timedelta(hours=3)), (timedelta(hours=3), timedelta(hours=5))]
    call_command("verify-deadlines", stdout=StringIO())
    clocks.filter(started_at=T0).update(met_at=T0 + timedelta(hours=1))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify-deadlines", stdout=out)
    assert f"{complaint.reference} next_update met_at" in out.getvalue()


def test_waiting_on_the_customer_pauses_the_clock(cast: Any) -> None:
    only_policy(targets={"*": {"resolution": "P1D"}})
    with time_machine.travel(T0, tick=False):
        complaint = file_complaint()
    for step, hours in (("acknowledged", 1), ("in_progress", 1), ("waiting_customer", 2)):
        with time_machine.travel(T0 + timedelta(hours=hours), tick=False):
            transition_complaint(complaint=complaint, to_status=step, actor=cast["agent"])
    with time_machine.travel(T0 + 2 * DAY, tick=False):
        assert sweep_due() == 0  # paused: no warning, no breach
    with time_machine.travel(T0 + 2 * DAY + timedelta(hours=2), tick=False):
        receive_customer_message(complaint=complaint, text="Here is the photo.", channel="email")
    resolution = _due(complaint, DeadlineKind.RESOLUTION)
    assert resolution.paused_at is None
    assert resolution.due_at == T0 + 3 * DAY  # 22 h left at the pause, from the resume
    call_command("verify-deadlines", stdout=StringIO())


def test_pause_counts_only_business_time(cast: Any) -> None:
    office_hours(cast["teams"]["billing"])
    only_policy(targets={"*": {"resolution": "PT9H"}})
    with time_machine.travel(T0, tick=False):  # Monday 13:00 Athens
        complaint = file_complaint()
        transition_complaint(complaint=complaint, to_status="acknowledged", actor=cast["agent"])
        transition_complaint(complaint=complaint, to_status="in_progress", actor=cast["agent"])
        transition_complaint(complaint=complaint, to_status="waiting_customer", actor=cast["agent"])
    with time_machine.travel(T0.replace(day=3, hour=6), tick=False):  # Wednesday 09:00
        transition_complaint(complaint=complaint, to_status="in_progress", actor=cast["agent"])
    due = _due(complaint, DeadlineKind.RESOLUTION).due_at.astimezone(ATHENS)
    assert due.strftime("%a %H:%M") == "Thu 09:00"


def test_reply_and_resolution_meet_their_clocks(cast: Any) -> None:
    only_policy(targets={"*": {"first_response": "PT4H", "resolution": "P5D"}})
    with time_machine.travel(T0, tick=False):
        complaint = file_complaint()
    with time_machine.travel(T0 + timedelta(hours=5), tick=False):
        answer_immediately(
            complaint=complaint,
            actor=cast["agent"],
            message="We are sorry; here is what we will do.",
        )
    first = Deadline.objects.get(complaint=complaint, kind=DeadlineKind.FIRST_RESPONSE)
    assert first.met_at == T0 + timedelta(hours=5)
    transition_complaint(complaint=complaint, to_status="resolved", actor=cast["agent"])
    assert not Deadline.objects.filter(complaint=complaint, met_at__isnull=True).exists()
    call_command("verify-deadlines", stdout=StringIO())


def test_reopening_starts_a_new_resolution_clock(cast: Any) -> None:
    only_policy(targets={"*": {"resolution": "P2D"}})
    with time_machine.travel(T0, tick=False):
        complaint = file_complaint()
    with time_machine.travel(T0 + DAY, tick=False):
        move_to_in_progress(complaint=complaint, actor=cast["agent"])
        transition_complaint(complaint=complaint, to_status="resolved", actor=cast["agent"])
    with time_machine.travel(T0 + 3 * DAY, tick=False):
        transition_complaint(complaint=complaint, to_status="reopened", actor=cast["agent"])
    clocks = Deadline.objects.filter(complaint=complaint, kind=DeadlineKind.RESOLUTION)
    first, again = clocks.order_by("started_at")
    assert first.met_at == T0 + DAY  # the first resolution still counts as on time
    assert (again.started_at, again.due_at, again.met_at) == (T0 + 3 * DAY, T0 + 5 * DAY, None)
    with time_machine.travel(T0 + 4 * DAY, tick=False):
        transition_complaint(complaint=complaint, to_status="in_progress", actor=cast["agent"])
        transition_complaint(complaint=complaint, to_status="resolved", actor=cast["agent"])
    assert Deadline.objects.get(pk=again.pk).met_at == T0 + 4 * DAY
    call_command("verify-deadlines", stdout=StringIO())  # the log explains both clocks


def test_regulatory_clock_counts_calendar_days_and_is_flagged_untimely(api: Any, cast: Any) -> None:
    office_hours(cast["teams"]["billing"])
    only_policy(targets={}, regulatory_response_days=15, regulatory_final_days=60)
    with time_machine.travel(T0, tick=False):
        complaint = file_complaint()
    assert _due(complaint, DeadlineKind.REGULATORY_RESPONSE).due_at == T0 + 15 * DAY
    with time_machine.travel(T0 + 16 * DAY, tick=False):
        sweep_due()
        body = api["agent"].get(f"/complaints/{complaint.reference}").json()
        breached = api["agent"].get("/complaints", breached="true").json()["items"]
    response = next(d for d in body["deadlines"] if d["kind"] == "regulatory_response")
    final = next(d for d in body["deadlines"] if d["kind"] == "regulatory_final")
    assert (response["state"], response["timely"]) == ("breached", False)
    assert (final["state"], final["timely"]) == ("pending", True)
    assert [c["reference"] for c in breached] == [complaint.reference]
    assert Alert.objects.filter(kind="deadline_breached", recipient=cast["supervisor"]).count() == 1


def test_verify_deadlines_reports_a_drifted_figure(cast: Any) -> None:
    only_policy(targets={"*": {"resolution": "P1D"}})
    complaint = file_complaint()
    Deadline.objects.filter(complaint=complaint).update(due_at=T0)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify-deadlines", stdout=out)
    assert f"{complaint.reference} resolution due_at" in out.getvalue()
