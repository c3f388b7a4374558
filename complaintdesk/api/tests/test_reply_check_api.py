"""The reply coach through the API: checking drafts, blocking rude replies."""

from __future__ import annotations

from typing import Any

from conftest import file_complaint


def test_check_endpoint_returns_the_contract_shape(api: Any) -> None:
    response = api["agent"].post("/replies/check", {"text": "这是你们家的事"})
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "zh-hans"
    assert [f["code"] for f in body["findings"]] == ["T5"]
    finding = body["findings"][0]
    assert {"code", "label", "start", "end", "excerpt", "explanation", "suggestion"} <= set(finding)
    assert finding["excerpt"] == "这是你们家的事"[finding["start"] : finding["end"]]
    assert body["verdict"] == "warn"


def test_check_needs_a_token(db: None) -> None:
    from django.test import Client

    assert Client().post("/api/v1/replies/check", {"text": "x"}).status_code == 401


def test_rude_reply_is_422_with_findings_and_nothing_is_sent(api: Any, cast: Any) -> None:
    complaint = file_complaint()
    body = {"mode": "immediate", "message": "You idiot, go die."}
    refused = api["agent"].post(f"/complaints/{complaint.reference}/responses", body)
    assert refused.status_code == 422
    assert "T8" in {f["code"] for f in refused.json()["findings"]}
    assert not complaint.messages.filter(direction="outbound").exists()
    complaint.refresh_from_db()
    assert complaint.status == "new"  # the whole answer was rolled back

    sent = api["agent"].post(
        f"/complaints/{complaint.reference}/responses",
        {**body, "override_reason": "The customer asked us to repeat their words verbatim"},
    )
    assert sent.status_code == 200
    assert sent.json()["verdict"] == "block"
    kinds = [
        e["kind"] for e in api["agent"].get(f"/complaints/{complaint.reference}/timeline").json()
    ]
    assert "reply_check_overridden" in kinds


def test_findings_are_stored_with_the_message(api: Any, cast: Any) -> None:
    complaint = file_complaint()
    response = api["agent"].post(
        f"/complaints/{complaint.reference}/responses",
        {"mode": "immediate", "message": "That's your own problem."},
    )
    assert response.status_code == 200
    assert "T5" in {f["code"] for f in response.json()["findings"]}
    message = complaint.messages.get(direction="outbound")
    assert "T5" in {f["code"] for f in message.check_findings}


def test_broken_promise_puts_t6_on_every_reply(api: Any, cast: Any) -> None:
    from django.utils import timezone

    from complaintdesk.sla.models import Promise

    complaint = file_complaint()
    now = timezone.now()
    Promise.objects.create(
        complaint=complaint,
        description="Call back",
        internal_due_at=now,
        promised_at=now,
        warn_at=now,
        created_at=now,
        status="broken",
    )
    response = api["agent"].post(
        f"/complaints/{complaint.reference}/responses",
        {"mode": "immediate", "message": "I am sorry. I have sent the replacement today."},
    )
    assert response.status_code == 200
    assert [f["code"] for f in response.json()["findings"]] == ["T6"]
    clean = file_complaint()
    again = api["agent"].post(
        f"/complaints/{clean.reference}/responses",
        {"mode": "immediate", "message": "I am sorry. I have sent the replacement today."},
    )
    assert again.json()["findings"] == []


def test_team_policy_can_make_a_taboo_block(api: Any, cast: Any) -> None:
    from complaintdesk.replycheck.models import TeamReplyPolicy

    TeamReplyPolicy.objects.create(team=cast["teams"]["billing"], severities={"T5": "block"})
    checked = api["agent"].post(
        "/replies/check", {"text": "That's your own problem.", "team": "billing"}
    )
    assert checked.json()["verdict"] == "block"
    complaint = file_complaint()
    refused = api["agent"].post(
        f"/complaints/{complaint.reference}/responses",
        {"mode": "immediate", "message": "That's your own problem."},
    )
    assert refused.status_code == 422


def test_admin_pages_load_for_an_admin(cast: Any) -> None:
    from django.test import Client

    client = Client()
    client.force_login(cast["admin"])
    for path in [
        "/admin/",
        "/admin/accounts/team/",
        "/admin/complaints/category/",
        "/admin/intake/inboundemail/",
        "/admin/worker/outboxmessage/",
        "/admin/replycheck/teamreplypolicy/",
        "/admin/customers/customer/",
    ]:
        assert client.get(path).status_code == 200, path
