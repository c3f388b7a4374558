"""Promises through the API (API.md Promises, DOMAIN.md §5)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaintdesk.complaints.models import Event
from complaintdesk.sla.models import Promise, PromiseStatus
from complaintdesk.sla.sweep import sweep_due
from complaintdesk.worker.models import OutboxMessage
from conftest import file_complaint

from .helpers import ATHENS, T0, office_hours, only_policy


def _promise(api: Any, reference: str, **body: Any) -> Any:
    return api["agent"].post(
        f"/complaints/{reference}/promises", {"description": "Call back", **body}
    )


def test_one_hour_estimate_is_promised_ninety_minutes_out(api: Any, complaint: Any) -> None:
    with time_machine.travel(T0, tick=False):
        response = _promise(api, complaint.reference, internal_estimate="PT1H")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["internal_due_at"].startswith("2026-06-01T11:00:00")
    assert body["promised_at"].startswith("2026-06-01T11:30:00")
    assert body["status"] == "open"
    assert body["owner"] == "agent"


def test_promised_time_is_rounded_up_to_a_quarter_hour(api: Any, complaint: Any) -> None:
    with time_machine.travel(T0 + timedelta(minutes=7), tick=False):
        body = _promise(api, complaint.reference, internal_estimate="PT1H").json()
    assert body["promised_at"].startswith("2026-06-01T11:45:00")


def test_buffer_is_configurable_per_policy(api: Any, cast: Any) -> None:
    only_policy(buffer_ratio=1.0, round_minutes=30)
    complaint = file_complaint()
    with time_machine.travel(T0, tick=False):
        body = _promise(api, complaint.reference, internal_estimate="PT40M").json()
    assert body["promised_at"].startswith("2026-06-01T11:30:00")  # 80 min → next half hour


def test_friday_evening_estimate_is_due_on_monday_business_hours(api: Any, cast: Any) -> None:
    office_hours(cast["teams"]["billing"])
    complaint = file_complaint()
    friday_evening = T0.replace(day=5, hour=14, minute=30)  # 17:30 in Athens
    with time_machine.travel(friday_evening, tick=False):
        body = _promise(api, complaint.reference, internal_estimate="PT1H").json()
    promise = Promise.objects.get(pk=body["id"])
    assert promise.internal_due_at.astimezone(ATHENS).strftime("%a %H:%M") == "Mon 09:30"
    assert promise.promised_at.astimezone(ATHENS).strftime("%a %H:%M") == "Mon 10:00"


def test_bad_promise_input_is_422_and_writes_nothing(api: Any, complaint: Any) -> None:
    events = Event.objects.count()
    bad = [
        {},
        {"internal_estimate": "PT1H", "due_at": "2099-01-01T10:00:00Z"},
        {"due_at": "2001-01-01T10:00:00Z"},
        {"internal_estimate": "-PT1H"},
        {"internal_estimate": "soon"},
        {"internal_estimate": "PT1H", "description": ""},
        {"internal_estimate": "PT1H", "kind": "bribe"},
    ]
    for body in bad:
        response = _promise(api, complaint.reference, **body)
        assert response.status_code == 422, (body, response.content)
        assert "detail" in response.json()
    assert Promise.objects.count() == 0
    assert Event.objects.count() == events


def test_outsiders_get_404_and_customers_403(api: Any, complaint: Any) -> None:
    assert _promise(api, complaint.reference, internal_estimate="PT1H").status_code == 201
    promise = Promise.objects.get()
    path = f"/complaints/{complaint.reference}/promises"
    body = {"description": "x", "internal_estimate": "PT1H"}
    assert api["outsider"].post(path, body).status_code == 404
    assert api["bob_user"].post(path, body).status_code == 404
    assert api["alice_user"].post(path, body).status_code == 403
    assert api["outsider"].post(f"{path}/{promise.pk}/kept").status_code == 404
    other = file_complaint(email="bob@example.com")
    wrong = f"/complaints/{other.reference}/promises/{promise.pk}/kept"
    assert api["agent"].post(wrong).status_code == 404
    assert Promise.objects.get().status == PromiseStatus.OPEN


def test_kept_promise_is_settled_once(api: Any, complaint: Any) -> None:
    body = _promise(api, complaint.reference, internal_estimate="PT1H").json()
    path = f"/complaints/{complaint.reference}/promises/{body['id']}/kept"
    first = api["agent"].post(path)
    assert first.status_code == 200
    assert first.json()["status"] == "kept"
    assert api["agent"].post(path).status_code == 422
    assert Event.objects.filter(kind="promise_kept").count() == 1


def test_renegotiation_notifies_the_customer_before_the_old_time(api: Any, complaint: Any) -> None:
    with time_machine.travel(T0, tick=False):
        old = _promise(api, complaint.reference, due_at="2026-06-01T11:00:00Z").json()
    path = f"/complaints/{complaint.reference}/promises/{old['id']}/renegotiate"
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
        response = api["agent"].post(
            path, {"new_due_at": "2026-06-01T13:00:00Z", "reason": "The part arrives late"}
        )
        sweep_due()
    assert response.status_code == 201, response.content
    new = response.json()
    assert new["promised_at"].startswith("2026-06-01T13:00:00")
    notice = OutboxMessage.objects.get(kind="promise_renegotiated")
    assert notice.to_address == "alice@example.com"
    assert notice.created_at < Promise.objects.get(pk=old["id"]).promised_at
    assert "The part arrives late" in notice.body_text
    event = Event.objects.get(kind="promise_renegotiated")
    assert event.detail["before_old_time"] is True
    assert event.detail["reason"] == "The part arrives late"
    with time_machine.travel(T0 + timedelta(hours=1, minutes=1), tick=False):
        sweep_due()
    assert Promise.objects.get(pk=old["id"]).status == PromiseStatus.RENEGOTIATED
    assert Promise.objects.get(pk=new["id"]).replaces_id == old["id"]
    assert not Event.objects.filter(kind="promise_broken").exists()


def test_renegotiation_needs_a_reason_and_a_future_time(api: Any, complaint: Any) -> None:
    with time_machine.travel(T0, tick=False):
        old = _promise(api, complaint.reference, due_at="2026-06-01T11:00:00Z").json()
        path = f"/complaints/{complaint.reference}/promises/{old['id']}/renegotiate"
        past = api["agent"].post(path, {"new_due_at": "2026-06-01T09:00:00Z", "reason": "x"})
        blank = api["agent"].post(path, {"new_due_at": "2026-06-01T13:00:00Z", "reason": " "})
        missing = api["agent"].post(path, {"reason": "x"})
    assert (past.status_code, blank.status_code, missing.status_code) == (422, 422, 422)
    assert Promise.objects.count() == 1
    assert not OutboxMessage.objects.filter(kind="promise_renegotiated").exists()


def test_promise_list_and_stats_take_a_fixed_number_of_queries(api: Any, cast: Any) -> None:
    def measure(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api["supervisor"].get(path).status_code == 200
        return len(ctx.captured_queries)

    _promise(api, file_complaint().reference, internal_estimate="PT1H")
    measure("/promises")  # warm up: the token's first use writes last_used_at
    few = (measure("/promises"), measure("/promises/stats"))
    for _ in range(4):
        _promise(api, file_complaint().reference, internal_estimate="PT2H")
    assert (measure("/promises"), measure("/promises/stats")) == few
    page = api["supervisor"].get("/promises", limit=3).json()
    assert len(page["items"]) == 3
    rest = api["supervisor"].get("/promises", limit=3, cursor=page["next_cursor"]).json()
    assert len(rest["items"]) == 2
    assert rest["next_cursor"] is None
    assert api["outsider"].get("/promises").json()["items"] == []
