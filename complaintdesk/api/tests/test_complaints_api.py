"""The API as a new user would try it (issue: complaint core, "Done means")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaintdesk.complaints.models import ApprovalRequest, Complaint
from complaintdesk.sla.models import Promise
from complaintdesk.worker.models import OutboxMessage
from conftest import file_complaint

NEW = {
    "customer": {
        "name": "Li Wei",
        "email": "li@example.com",
        "phone": "+8613800000000",
        "external_id": "CRM-42",
    },
    "channel": "email",
    "subject": "退款一直没有到账",
    "description": "我两周前申请了退款，到现在还没有收到。",
    "expectation": "尽快退款",
    "team": "billing",
}


def _create(api: Any, **overrides: Any) -> Any:
    response = api["agent"].post("/complaints", {**NEW, **overrides})
    assert response.status_code == 201, response.content
    return response.json()


def test_create_returns_201_with_reference_and_detected_language(api: Any) -> None:
    body = _create(api)
    assert body["reference"].startswith("C-")
    assert body["status"] == "new"
    assert body["language"] == "zh-hans"
    assert body["team"] == "billing"
    assert body["customer"]["external_id"] == "CRM-42"
    assert (
        OutboxMessage.objects.filter(kind="acknowledgement", to_address="li@example.com").count()
        == 1
    )


def test_create_with_missing_fields_is_422_naming_them_and_writes_nothing(api: Any) -> None:
    response = api["agent"].post("/complaints", {"channel": "email", "customer": {}})
    assert response.status_code == 422
    locs = {tuple(d["loc"][-1:]) for d in response.json()["detail"]}
    assert ("subject",) in locs
    assert ("description",) in locs
    assert Complaint.objects.count() == 0


def test_create_without_any_contact_is_422(api: Any) -> None:
    response = api["agent"].post("/complaints", {**NEW, "customer": {"name": "Nobody"}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "customer"
    assert Complaint.objects.count() == 0


def test_idempotency_key_returns_the_first_result(api: Any) -> None:
    first = api["agent"].post("/complaints", NEW, **{"Idempotency-Key": "abc-1"})
    again = api["agent"].post("/complaints", NEW, **{"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    assert Complaint.objects.count() == 1


def test_no_token_is_401_and_bad_token_is_401(api: Any) -> None:
    from django.test import Client

    assert Client().get("/api/v1/complaints").status_code == 401
    bad = Client().get("/api/v1/complaints", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_deferral_without_answer_by_is_422_naming_it(api: Any) -> None:
    ref = _create(api)["reference"]
    response = api["agent"].post(
        f"/complaints/{ref}/responses",
        {"mode": "deferred", "message": "We are checking with the bank."},
    )
    assert response.status_code == 422
    fields = {d["loc"][-1] for d in response.json()["detail"]}
    assert fields == {"answer_by", "update_channel"}
    assert Promise.objects.count() == 0


def test_deferral_creates_a_promise_due_at_answer_by(api: Any) -> None:
    ref = _create(api)["reference"]
    answer_by = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    response = api["agent"].post(
        f"/complaints/{ref}/responses",
        {
            "mode": "deferred",
            "message": "We are checking with the bank and will call you.",
            "answer_by": answer_by.isoformat(),
            "update_channel": "phone",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["promise"]["status"] == "open"
    assert body["promise"]["promised_at"].startswith(answer_by.strftime("%Y-%m-%dT%H:%M:%S"))
    assert body["complaint"]["status"] == "in_progress"
    assert OutboxMessage.objects.filter(kind="deferral").count() == 1


def test_transfer_without_summary_is_422(api: Any) -> None:
    ref = _create(api)["reference"]
    response = api["agent"].post(
        f"/complaints/{ref}/responses", {"mode": "transfer", "to_team": "delivery"}
    )
    assert response.status_code == 422
    assert {d["loc"][-1] for d in response.json()["detail"]} == {"handover_summary"}
    assert Complaint.objects.get(reference=ref).transfer_count == 0


def test_second_transfer_is_flagged_passed_around(api: Any) -> None:
    ref = _create(api)["reference"]
    first = api["agent"].post(
        f"/complaints/{ref}/responses",
        {
            "mode": "transfer",
            "to_team": "delivery",
            "handover_summary": "Refund requested two weeks ago; the courier lost the return.",
        },
    )
    assert first.status_code == 200
    assert first.json()["warnings"] == []
    second = api["manager"].post(
        f"/complaints/{ref}/responses",
        {
            "mode": "transfer",
            "to_team": "billing",
            "handover_summary": "Courier confirmed the loss; the refund is billing's.",
        },
    )
    assert second.status_code == 200
    assert [w["code"] for w in second.json()["warnings"]] == ["passed_around"]
    detail = api["manager"].get(f"/complaints/{ref}").json()
    assert detail["transfer_count"] == 2
    assert detail["warnings"][0]["code"] == "passed_around"
    kinds = [e["kind"] for e in api["manager"].get(f"/complaints/{ref}/timeline").json()]
    assert kinds.count("transferred") == 2
    assert kinds.count("passed_around") == 1


def test_transfer_carries_the_handover_summary_as_a_note(api: Any) -> None:
    ref = _create(api)["reference"]
    api["agent"].post(
        f"/complaints/{ref}/responses",
        {"mode": "transfer", "to_team": "delivery", "handover_summary": "Parcel lost by courier."},
    )
    detail = api["other_supervisor"].get(f"/complaints/{ref}").json()
    notes = [m for m in detail["messages"] if m["direction"] == "internal"]
    assert notes[0]["text"] == "Parcel lost by courier."


def test_illegal_transition_is_409_listing_allowed(api: Any) -> None:
    ref = _create(api)["reference"]
    response = api["agent"].post(f"/complaints/{ref}/status", {"status": "closed"})
    assert response.status_code == 409
    assert response.json()["allowed"] == ["acknowledged"]


def test_remedy_beyond_authority_needs_approval_then_resolves(api: Any) -> None:
    ref = _create(api)["reference"]
    body = {
        "summary": "Refunded in full with an apology.",
        "remedies": [{"kind": "refund", "amount": "120.00", "currency": "EUR"}],
    }
    refused = api["agent"].post(f"/complaints/{ref}/resolve", body)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "needs_approval"
    approval_id = refused.json()["approval_id"]
    assert Complaint.objects.get(reference=ref).status == "new"

    assert api["agent"].post(f"/approvals/{approval_id}/approve").status_code == 403
    assert api["other_supervisor"].post(f"/approvals/{approval_id}/approve").status_code == 404
    approved = api["supervisor"].post(f"/approvals/{approval_id}/approve")
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"

    resolved = api["agent"].post(f"/complaints/{ref}/resolve", body)
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["outcome"] == "monetary_relief"
    assert ApprovalRequest.objects.get(pk=approval_id).status == "used"

    kinds = [e["kind"] for e in api["agent"].get(f"/complaints/{ref}/timeline").json()]
    assert (
        kinds.index("approval_requested")
        < kinds.index("approval_granted")
        < kinds.index("resolved")
    )


def test_remedy_within_authority_resolves_at_once(api: Any) -> None:
    ref = _create(api)["reference"]
    response = api["agent"].post(
        f"/complaints/{ref}/resolve",
        {
            "summary": "Refunded the shipping.",
            "remedies": [{"kind": "refund", "amount": "9.90", "currency": "EUR"}],
        },
    )
    assert response.status_code == 200
    assert response.json()["status"] == "resolved"


def test_rejection_needs_a_reason(api: Any) -> None:
    ref = _create(api)["reference"]
    refused = api["agent"].post(
        f"/complaints/{ref}/resolve",
        {"summary": "x", "remedies": [{"kind": "voucher", "amount": "10", "currency": "EUR"}]},
    )
    approval_id = refused.json()["approval_id"]
    assert api["supervisor"].post(f"/approvals/{approval_id}/reject", {}).status_code == 422
    rejected = api["supervisor"].post(
        f"/approvals/{approval_id}/reject", {"reason": "Too generous"}
    )
    assert rejected.json()["status"] == "rejected"


def test_timeline_shows_everything_in_order(api: Any) -> None:
    ref = _create(api)["reference"]
    api["agent"].post(
        f"/complaints/{ref}/responses",
        {
            "mode": "immediate",
            "message": "Thank you for telling us. I have issued the refund today.",
        },
    )
    events = api["agent"].get(f"/complaints/{ref}/timeline").json()
    kinds = [e["kind"] for e in events]
    assert kinds[0] == "created"
    assert kinds.index("status_changed") < kinds.index("reply_sent")
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)
    assert events[-1]["actor"] == "agent"


def test_customer_asking_for_anothers_complaint_gets_404(api: Any, cast: Any) -> None:
    alices = file_complaint("alice@example.com")
    assert api["alice_user"].get(f"/complaints/{alices.reference}").status_code == 200
    assert api["bob_user"].get(f"/complaints/{alices.reference}").status_code == 404
    assert api["bob_user"].get(f"/complaints/{alices.reference}/timeline").status_code == 404
    assert api["bob_user"].get("/complaints").json()["items"] == []


def test_agent_of_another_team_gets_404(api: Any, cast: Any) -> None:
    complaint = file_complaint(team="billing")
    assert api["outsider"].get(f"/complaints/{complaint.reference}").status_code == 404
    response = api["outsider"].post(
        f"/complaints/{complaint.reference}/status", {"status": "acknowledged"}
    )
    assert response.status_code == 404
    assert api["manager"].get(f"/complaints/{complaint.reference}").status_code == 200


def test_customer_cannot_act_on_own_complaint_through_staff_endpoints(api: Any, cast: Any) -> None:
    complaint = file_complaint("alice@example.com")
    response = api["alice_user"].post(
        f"/complaints/{complaint.reference}/status", {"status": "acknowledged"}
    )
    assert response.status_code == 403


def test_list_paginates_with_a_cursor(api: Any, cast: Any) -> None:
    refs = [file_complaint().reference for _ in range(5)]
    first = api["agent"].get("/complaints", limit=2).json()
    assert [c["reference"] for c in first["items"]] == refs[::-1][:2]
    second = api["agent"].get("/complaints", limit=2, cursor=first["next_cursor"]).json()
    assert [c["reference"] for c in second["items"]] == refs[::-1][2:4]
    bad = api["agent"].get("/complaints", cursor="!!!")
    assert bad.status_code == 422


def test_list_and_detail_take_a_fixed_number_of_queries(api: Any, cast: Any) -> None:
    def count(path: str, **params: Any) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api["agent"].get(path, **params).status_code == 200
        return len(ctx.captured_queries)

    complaint = file_complaint()
    count("/complaints")  # the first call records the token's use; later ones only read
    small_list = count("/complaints")
    small_detail = count(f"/complaints/{complaint.reference}")
    for _ in range(6):
        file_complaint()
        api["agent"].post(
            f"/complaints/{complaint.reference}/responses",
            {"mode": "immediate", "message": "Thank you. I have sent the replacement today."},
        )
    assert count("/complaints") == small_list
    assert count(f"/complaints/{complaint.reference}") == small_detail
    assert small_list <= 8
    assert small_detail <= 12


def test_search_finds_chinese_across_scripts(api: Any) -> None:
    ref = _create(api)["reference"]
    traditional = api["agent"].get("/complaints", q="退款").json()
    assert [c["reference"] for c in traditional["items"]] == [ref]
    assert [c["reference"] for c in api["agent"].get("/complaints", q="到賬").json()["items"]] == [
        ref
    ]
    assert api["agent"].get("/complaints", q="冰箱").json()["items"] == []


def test_openapi_document_is_served(api: Any) -> None:
    from django.test import Client

    doc = Client().get("/api/v1/openapi.json")
    assert doc.status_code == 200
    assert "/api/v1/complaints/{reference}/responses" in doc.json()["paths"]
