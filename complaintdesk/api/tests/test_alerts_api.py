"""/api/v1/alerts: each member of staff sees and clears only their own alerts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from complaintdesk.sla.models import Alert
from conftest import file_complaint


def _alert(complaint: Any, recipient: Any, text: str, *, read: bool = False) -> Alert:
    now = timezone.now()
    return Alert.objects.create(
        complaint=complaint,
        recipient=recipient,
        kind="promise_at_risk",
        text=text,
        created_at=now,
        read_at=now if read else None,
    )


def test_staff_page_through_their_own_unread_alerts(api: Any, cast: Any) -> None:
    complaint = file_complaint()
    older = _alert(complaint, cast["agent"], "Call back at 10:00 is at risk")
    newer = _alert(complaint, cast["agent"], "Replacement shipment is at risk")
    _alert(complaint, cast["agent"], "Seen already", read=True)
    _alert(complaint, cast["supervisor"], "Not the agent's")

    first = api["agent"].get("/alerts", limit=1).json()
    assert [a["text"] for a in first["items"]] == [newer.text]
    assert first["items"][0]["complaint"] == complaint.reference
    second = api["agent"].get("/alerts", limit=1, cursor=first["next_cursor"]).json()
    assert ([a["id"] for a in second["items"]], second["next_cursor"]) == ([older.pk], None)
    everything = api["agent"].get("/alerts", unread="false").json()["items"]
    assert [a["text"] for a in everything][-1] == "Call back at 10:00 is at risk"
    assert len(everything) == 3


def test_marking_read_is_for_the_recipient_only_and_keeps_the_first_time(
    api: Any, cast: Any
) -> None:
    complaint = file_complaint()
    mine = _alert(complaint, cast["agent"], "Deadline missed")
    theirs = _alert(complaint, cast["supervisor"], "Deadline missed")

    assert api["agent"].post(f"/alerts/{theirs.pk}/read").status_code == 404
    assert Alert.objects.get(pk=theirs.pk).read_at is None
    read = api["agent"].post(f"/alerts/{mine.pk}/read")
    assert read.status_code == 200, read.content
    first_read = Alert.objects.get(pk=mine.pk).read_at
    assert first_read is not None
    Alert.objects.filter(pk=mine.pk).update(read_at=first_read - timedelta(minutes=5))
    again = api["agent"].post(f"/alerts/{mine.pk}/read").json()
    assert again["read_at"] is not None
    assert Alert.objects.get(pk=mine.pk).read_at == first_read - timedelta(minutes=5)
    assert api["agent"].get("/alerts").json()["items"] == []


def test_bad_cursor_and_no_token_are_refused(api: Any, cast: Any) -> None:
    bad = api["agent"].get("/alerts", cursor="not-ours")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "cursor"
    assert Client().get("/api/v1/alerts").status_code == 401


def test_marking_all_read_clears_only_your_unread_alerts(api: Any, cast: Any) -> None:
    complaint = file_complaint()
    _alert(complaint, cast["agent"], "Call back at 10:00 is at risk")
    _alert(complaint, cast["agent"], "Deadline missed")
    seen = _alert(complaint, cast["agent"], "Seen already", read=True)
    theirs = _alert(complaint, cast["supervisor"], "Not the agent's")

    marked = api["agent"].post("/alerts/read-all")
    assert marked.status_code == 200, marked.content
    assert marked.json() == {"marked": 2}
    assert api["agent"].get("/alerts").json()["items"] == []
    assert Alert.objects.get(pk=seen.pk).read_at == seen.read_at
    assert Alert.objects.get(pk=theirs.pk).read_at is None
    assert api["agent"].post("/alerts/read-all").json() == {"marked": 0}
