"""The three changes (DOMAIN.md §6) through the API."""

from __future__ import annotations

from typing import Any

from complaintdesk.accounts.models import StaffProfile
from complaintdesk.accounts.services import create_staff
from complaintdesk.complaints.models import Complaint, Event
from complaintdesk.complaints.services import (
    assign_complaint,
    move_to_in_progress,
    rate_resolution,
    receive_customer_message,
    transition_complaint,
)
from complaintdesk.sla.models import Promise, PromiseKind
from complaintdesk.worker.models import OutboxMessage
from conftest import PASSWORD

FUTURE = "2099-03-01T10:00:00Z"


def _escalate(api: Any, complaint: Any, who: str = "agent", **body: Any) -> Any:
    return api[who].post(
        f"/complaints/{complaint.reference}/escalations", {"reason": "Still unhappy", **body}
    )


def _nothing_written(complaint: Any) -> None:
    assert Complaint.objects.get(pk=complaint.pk).escalation_level == 0
    assert not Event.objects.filter(kind="escalated").exists()


def test_never_escalated_to_the_employee_complained_about(
    api: Any, cast: Any, complaint: Any
) -> None:
    Complaint.objects.filter(pk=complaint.pk).update(about_staff=cast["supervisor"])
    response = _escalate(api, complaint, step="change_person", to_user="supervisor")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "to_user"
    _nothing_written(complaint)
    auto = _escalate(api, complaint, step="change_person")
    assert auto.status_code == 201, auto.content
    assert auto.json()["complaint"]["assignee"] == "manager"


def test_never_escalated_to_the_current_handler_or_someone_junior(
    api: Any, cast: Any, complaint: Any
) -> None:
    assign_complaint(complaint=complaint, actor=cast["supervisor"], assignee=cast["supervisor"])
    assert _escalate(api, complaint, step="change_person", to_user="supervisor").status_code == 422
    assert _escalate(api, complaint, step="change_person", to_user="agent").status_code == 422
    assert _escalate(api, complaint, step="change_person", to_user="nobody").status_code == 422
    _nothing_written(complaint)


def test_change_person_goes_to_the_next_more_senior_handler(
    api: Any, cast: Any, complaint: Any
) -> None:
    assign_complaint(complaint=complaint, actor=cast["agent"], assignee=cast["agent"])
    response = _escalate(api, complaint, step="change_person")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["level"],
        body["complaint"]["assignee"],
        body["complaint"]["escalation_level"],
    ) == (
        1,
        "supervisor",
        1,
    )
    event = Event.objects.get(kind="escalated")
    assert event.detail["to_user"] == "supervisor"
    assert (
        OutboxMessage.objects.filter(kind="escalation", to_address="alice@example.com").count() == 1
    )


def test_seniority_ranks_within_a_role(api: Any, cast: Any, complaint: Any) -> None:
    assign_complaint(complaint=complaint, actor=cast["agent"], assignee=cast["agent"])
    StaffProfile.objects.filter(user=cast["agent"]).update(seniority=1)
    create_staff(username="veteran", password=PASSWORD, role="agent", teams=["billing"])
    StaffProfile.objects.filter(user__username="veteran").update(seniority=5)
    body = _escalate(api, complaint, step="change_person").json()
    assert body["complaint"]["assignee"] == "veteran"


def test_the_ladder_is_climbed_in_order(api: Any, cast: Any, complaint: Any) -> None:
    assign_complaint(complaint=complaint, actor=cast["agent"], assignee=cast["agent"])
    skipped = _escalate(api, complaint, step="change_time", meeting_at=FUTURE)
    assert skipped.status_code == 422
    _nothing_written(complaint)
    assert _escalate(api, complaint, step="change_person").status_code == 201
    assert _escalate(api, complaint, step="change_place").status_code == 422  # no place
    place = _escalate(api, complaint, step="change_place", place="a video call")
    assert place.status_code == 201
    assert _escalate(api, complaint, step="change_time").status_code == 422  # no time
    meeting = _escalate(api, complaint, step="change_time", meeting_at=FUTURE)
    assert meeting.status_code == 201, meeting.content
    body = meeting.json()
    assert body["complaint"]["escalation_level"] == 3
    assert body["promise"]["kind"] == "meeting"
    assert body["promise"]["owner"] == "manager"  # still higher than the supervisor
    assert Promise.objects.get(kind=PromiseKind.MEETING).promised_at.year == 2099
    steps = [e.detail["step"] for e in Event.objects.filter(kind="escalated").order_by("id")]
    assert steps == ["change_person", "change_place", "change_time"]
    assert OutboxMessage.objects.filter(kind="escalation").count() == 3


def test_escalation_permissions(api: Any, complaint: Any) -> None:
    assert _escalate(api, complaint, who="outsider", step="change_person").status_code == 404
    assert _escalate(api, complaint, who="alice_user", step="change_person").status_code == 403
    assert _escalate(api, complaint, step="change_everything").status_code == 422
    assert _escalate(api, complaint, step="change_person", reason="").status_code == 422
    _nothing_written(complaint)


def _resolved(cast: Any, complaint: Any) -> Any:
    move_to_in_progress(complaint=complaint, actor=cast["agent"])
    return transition_complaint(complaint=complaint, to_status="resolved", actor=cast["agent"])


def _proposals(complaint: Any) -> list[dict[str, Any]]:
    return [e.detail for e in Event.objects.filter(complaint=complaint, kind="escalation_proposed")]


def test_a_low_rating_rejects_the_resolution_and_proposes_the_next_step(
    cast: Any, complaint: Any
) -> None:
    resolved = _resolved(cast, complaint)
    rate_resolution(complaint=resolved, rating=4, comment="Fine")
    assert _proposals(complaint) == []
    rate_resolution(complaint=resolved, rating=2, comment="Still broken")
    assert _proposals(complaint) == [{"step": "change_person", "cause": "rated_low"}]


def test_writing_again_after_the_resolution_proposes_the_next_step(
    cast: Any, complaint: Any
) -> None:
    Complaint.objects.filter(pk=complaint.pk).update(escalation_level=1)
    resolved = _resolved(cast, Complaint.objects.get(pk=complaint.pk))
    receive_customer_message(complaint=resolved, text="It broke again.", channel="email")
    assert Complaint.objects.get(pk=complaint.pk).status == "reopened"
    assert _proposals(complaint) == [{"step": "change_place", "cause": "reopened"}]
