"""The staff desk pages: inbox, complaint page, the answer forms."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.views import ALERTS_PER_PAGE
from complaintdesk.sla.context_processors import BADGE_CAP
from complaintdesk.sla.models import Alert
from conftest import PASSWORD, file_complaint


def _login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_inbox_needs_a_login(cast: Any) -> None:
    response = Client().get("/desk/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_customers_cannot_open_the_desk(cast: Any) -> None:
    assert _login("alice").get("/desk/").status_code == 403


def test_inbox_lists_only_visible_complaints(cast: Any) -> None:
    mine = file_complaint(team="billing")
    theirs = file_complaint(team="delivery", subject="Late parcel")
    page = _login("agent").get("/desk/").content.decode()
    assert mine.reference in page
    assert theirs.reference not in page


def test_inbox_query_count_does_not_grow_with_rows(cast: Any) -> None:
    client = _login("agent")
    file_complaint()
    client.get("/desk/")
    with CaptureQueriesContext(connection) as few:
        client.get("/desk/")
    for _ in range(10):
        file_complaint()
    with CaptureQueriesContext(connection) as many:
        assert client.get("/desk/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_inbox_rows_escape_what_customers_wrote_and_speak_the_agents_language(
    cast: Any,
) -> None:
    c = file_complaint(subject="<script>alert(1)</script> Σπασμένη οθόνη")
    client = Client(HTTP_ACCEPT_LANGUAGE="el")
    assert client.login(username="agent", password=PASSWORD)
    page = client.get("/desk/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Σπασμένη οθόνη" in page
    assert f'aria-label="Επιλογή {c.reference}"' in page
    assert f'href="/desk/c/{c.reference}/"' in page


def test_inbox_search_and_filters(cast: Any) -> None:
    refund = file_complaint(subject="退款没有到账", description="两周了")
    file_complaint(subject="Broken kettle", description="It leaks")
    page = _login("agent").get("/desk/", {"q": "退款"}).content.decode()
    assert refund.reference in page
    assert "Broken kettle" not in page


def test_complaint_page_detail_query_count_is_fixed(cast: Any) -> None:
    complaint = file_complaint()
    client = _login("agent")
    client.get(f"/desk/c/{complaint.reference}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/desk/c/{complaint.reference}/")
    for i in range(5):
        client.post(f"/desk/c/{complaint.reference}/note/", {"note-text": f"Called the bank {i}"})
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/desk/c/{complaint.reference}/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_outsider_gets_404_for_another_teams_complaint(cast: Any) -> None:
    complaint = file_complaint(team="billing")
    client = _login("outsider")
    assert client.get(f"/desk/c/{complaint.reference}/").status_code == 404
    response = client.post(f"/desk/c/{complaint.reference}/note/", {"note-text": "x"})
    assert response.status_code == 404


def test_deferral_form_requires_time_and_channel(cast: Any) -> None:
    complaint = file_complaint()
    client = _login("agent")
    response = client.post(
        f"/desk/c/{complaint.reference}/defer/", {"defer-message": "Checking."}, follow=True
    )
    flashes = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("The answer will come by:") for m in flashes)
    assert any(m.startswith("Progress will reach the customer by:") for m in flashes)
    assert not complaint.promises.exists()
    answer_by = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        f"/desk/c/{complaint.reference}/defer/",
        {
            "defer-message": "I am checking with the warehouse.",
            "defer-answer_by": answer_by,
            "defer-update_channel": "email",
        },
    )
    assert complaint.promises.count() == 1


def test_answer_transfer_and_resolve_through_the_page(cast: Any) -> None:
    complaint = file_complaint()
    client = _login("supervisor")
    ref = complaint.reference
    client.post(
        f"/desk/c/{ref}/answer/",
        {"immediate-message": "Thank you. I have sent the blue widget today by courier."},
    )
    client.post(
        f"/desk/c/{ref}/transfer/",
        {"transfer-to_team": "billing", "transfer-handover_summary": "Replacement sent; refund?"},
    )
    client.post(
        f"/desk/c/{ref}/resolve/",
        {"resolve-summary": "Replacement delivered.", "resolve-remedy_kind": "replacement"},
    )
    complaint.refresh_from_db()
    assert complaint.status == "resolved"
    assert complaint.transfer_count == 1
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert {"answered_immediately", "transferred", "resolved"} <= set(kinds)


def test_status_buttons_come_from_the_transition_table(cast: Any) -> None:
    complaint = file_complaint()
    page = _login("agent").get(f"/desk/c/{complaint.reference}/").content.decode()
    assert 'value="acknowledged"' in page
    assert 'value="closed"' not in page


def test_supervisor_approves_from_the_page(cast: Any) -> None:
    complaint = file_complaint()
    agent = _login("agent")
    agent.post(
        f"/desk/c/{complaint.reference}/resolve/",
        {
            "resolve-summary": "Refund",
            "resolve-remedy_kind": "refund",
            "resolve-amount": "300",
            "resolve-currency": "EUR",
        },
    )
    approval = complaint.approvals.get()
    assert (
        agent.post(f"/desk/c/{complaint.reference}/approvals/{approval.pk}/approve/").status_code
        == 302
    )
    approval.refresh_from_db()
    assert approval.status == "pending"  # an agent's click changes nothing
    _login("supervisor").post(f"/desk/c/{complaint.reference}/approvals/{approval.pk}/approve/")
    approval.refresh_from_db()
    assert approval.status == "approved"
    assert Complaint.objects.get(pk=complaint.pk).status == "new"


def test_live_coach_marks_a_rude_draft_as_blocked(cast: Any) -> None:
    complaint = file_complaint()
    response = _login("agent").post(
        f"/desk/c/{complaint.reference}/coach/?field=immediate-message",
        {"immediate-message": "You idiot, go die."},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "verdict-block" in page
    assert "T8" in page
    assert "<mark" in page


def test_rude_reply_is_blocked_unless_overridden_with_a_reason(cast: Any) -> None:
    complaint = file_complaint()
    client = _login("agent")
    rude = {"immediate-message": "You idiot, go die."}
    client.post(f"/desk/c/{complaint.reference}/answer/", rude)
    assert not complaint.messages.filter(direction="outbound").exists()
    client.post(
        f"/desk/c/{complaint.reference}/answer/",
        {**rude, "immediate-override_reason": "Quoting the customer's words to a supervisor"},
    )
    sent = complaint.messages.get(direction="outbound")
    assert sent.check_override_reason.startswith("Quoting")
    assert complaint.events.filter(kind="reply_check_overridden").exists()


def test_bulk_assign_and_close_go_through_one_service_call(cast: Any) -> None:
    first, second = file_complaint(), file_complaint()
    foreign = file_complaint(team="delivery")
    client = _login("agent")
    refs = [first.reference, second.reference, foreign.reference]
    client.post("/desk/bulk/", {"selected": refs, "action": "assign_to_me"})
    assigned = set(
        Complaint.objects.filter(assignee=cast["agent"]).values_list("reference", flat=True)
    )
    assert assigned == {first.reference, second.reference}
    client.post("/desk/bulk/", {"selected": refs, "action": "acknowledge"})
    assert Complaint.objects.get(pk=first.pk).status == "acknowledged"
    assert Complaint.objects.get(pk=foreign.pk).status == "new"


def test_bulk_redirect_stays_on_this_site(cast: Any) -> None:
    response = _login("agent").post(
        "/desk/bulk/", {"selected": [], "action": "close", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/desk/"


def test_collision_notice_shows_who_else_is_replying(cast: Any) -> None:
    complaint = file_complaint()
    _login("supervisor").post(f"/desk/c/{complaint.reference}/presence/", {"replying": "1"})
    page = _login("agent").post(f"/desk/c/{complaint.reference}/presence/").content.decode()
    assert "supervisor is writing a reply" in page
    alone = _login("supervisor").post(f"/desk/c/{complaint.reference}/presence/")
    assert "agent is looking at this complaint" in alone.content.decode()


def test_inbox_views_and_counts(cast: Any) -> None:
    mine = file_complaint()
    file_complaint()
    client = _login("agent")
    client.post("/desk/bulk/", {"selected": [mine.reference], "action": "assign_to_me"})
    response = client.get("/desk/", {"view": "mine"})
    assert response.context["counts"]["mine"] == 1
    assert response.context["counts"]["unassigned"] == 1
    assert [c.reference for c in response.context["page"]] == [mine.reference]


def test_timeline_filters_what_we_knew_and_did(cast: Any) -> None:
    complaint = file_complaint()
    client = _login("agent")
    client.post(f"/desk/c/{complaint.reference}/note/", {"note-text": "Called the bank"})
    knew = client.get(f"/desk/c/{complaint.reference}/", {"events": "knew"}).context["events"]
    did = client.get(f"/desk/c/{complaint.reference}/", {"events": "did"}).context["events"]
    assert [e.kind for e in knew] == ["created"]
    assert [e.kind for e in did] == ["note_added"]


def test_supervision_page_lists_passed_around_and_taboos(cast: Any) -> None:
    from complaintdesk.complaints.answering import answer_immediately, transfer_complaint

    complaint = file_complaint()
    for team in ["delivery", "billing"]:
        transfer_complaint(
            complaint=complaint,
            actor=cast["manager"],
            to_team=cast["teams"][team],
            handover_summary="Known facts.",
        )
    answer_immediately(complaint=complaint, actor=cast["agent"], message="That's your own problem.")
    page = _login("supervisor").get("/desk/supervision/").content.decode()
    assert complaint.reference in page
    assert "T5×1" in page


def test_customer_card_shows_earlier_complaints(cast: Any) -> None:
    earlier = file_complaint(subject="Earlier issue")
    later = file_complaint()
    page = _login("agent").get(f"/desk/c/{later.reference}/").content.decode()
    assert earlier.reference in page


def test_renegotiate_and_keep_promises_from_the_page(cast: Any) -> None:
    complaint = file_complaint()
    client = _login("agent")
    answer_by = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        f"/desk/c/{complaint.reference}/defer/",
        {
            "defer-message": "I am checking with the warehouse.",
            "defer-answer_by": answer_by,
            "defer-update_channel": "email",
        },
    )
    promise = complaint.promises.get()
    later = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        f"/desk/c/{complaint.reference}/promises/{promise.pk}/renegotiate/",
        {"renegotiate-new_due_at": later, "renegotiate-reason": "Courier strike"},
    )
    promise.refresh_from_db()
    assert promise.status == "renegotiated"
    new = complaint.promises.get(status="open")
    client.post(f"/desk/c/{complaint.reference}/promises/{new.pk}/kept/")
    new.refresh_from_db()
    assert new.status == "kept"
    page = client.get(f"/desk/c/{complaint.reference}/").content.decode()
    assert "Courier strike" in page or "renegotiated" in page.lower()


def test_escalation_from_the_page_changes_the_person(cast: Any) -> None:
    complaint = file_complaint()
    client = _login("agent")
    client.post(
        f"/desk/c/{complaint.reference}/escalate/",
        {
            "escalate-step": "change_person",
            "escalate-reason": "Customer still unhappy",
            "escalate-to_user": "supervisor",
        },
    )
    complaint.refresh_from_db()
    assert complaint.escalation_level == 1
    assert complaint.assignee == cast["supervisor"]


def test_transferring_out_of_sight_returns_to_the_inbox(cast: Any) -> None:
    complaint = file_complaint()
    response = _login("agent").post(
        f"/desk/c/{complaint.reference}/transfer/",
        {"transfer-to_team": "delivery", "transfer-handover_summary": "Courier issue."},
    )
    assert response["Location"] == "/desk/"


def test_the_alerts_page_shows_only_your_alerts_and_marks_them_read(cast: Any) -> None:
    complaint = file_complaint()
    now = timezone.now()

    def alert(user: str, text: str) -> Alert:
        return Alert.objects.create(
            complaint=complaint,
            recipient=cast[user],
            kind="deadline_breached",
            text=text,
            created_at=now,
        )

    mine, theirs = alert("agent", "First response missed"), alert("supervisor", "For the boss")
    client = _login("agent")
    page = client.get("/desk/alerts/").content.decode()
    assert "First response missed" in page
    assert "For the boss" not in page
    assert complaint.reference in page
    assert client.post(f"/desk/alerts/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/desk/alerts/{mine.pk}/read/").status_code == 302
    assert Alert.objects.get(pk=mine.pk).read_at is not None
    assert "First response missed" not in client.get("/desk/alerts/").content.decode()
    assert "First response missed" in client.get("/desk/alerts/?all=1").content.decode()
    greek = Client(HTTP_ACCEPT_LANGUAGE="el")
    assert greek.login(username="agent", password=PASSWORD)
    assert "Οι ειδοποιήσεις σας" in greek.get("/desk/alerts/").content.decode()


def test_the_alerts_page_goes_back_a_page_at_a_time_and_marks_all_read(cast: Any) -> None:
    complaint = file_complaint()
    now = timezone.now()
    Alert.objects.bulk_create(
        Alert(
            complaint=complaint,
            recipient=cast["agent"],
            kind="deadline_at_risk",
            text=f"Alert number {i:03d}",
            created_at=now,
        )
        for i in range(ALERTS_PER_PAGE + 3)
    )
    others = Alert.objects.create(
        complaint=complaint, recipient=cast["supervisor"], kind="k", text="x", created_at=now
    )
    client = _login("agent")
    first = client.get("/desk/alerts/")
    newest, oldest = f"Alert number {ALERTS_PER_PAGE + 2:03d}", "Alert number 000"
    assert newest in first.content.decode()
    assert oldest not in first.content.decode()
    cursor = first.context["next_cursor"]
    assert cursor
    second = client.get(f"/desk/alerts/?cursor={cursor}").content.decode()
    assert oldest in second
    assert second.count("Alert number") == 3
    assert client.get("/desk/alerts/?cursor=junk").status_code == 200  # an empty page
    assert client.post("/desk/alerts/read-all/").status_code == 302
    assert not Alert.objects.filter(recipient=cast["agent"], read_at__isnull=True).exists()
    assert Alert.objects.get(pk=others.pk).read_at is None
    assert "Mark all read" not in client.get("/desk/alerts/").content.decode()


def test_the_top_bar_counts_your_unread_alerts(cast: Any) -> None:
    complaint = file_complaint()
    now = timezone.now()
    Alert.objects.bulk_create(
        Alert(complaint=complaint, recipient=cast["agent"], kind=f"k{i}", text="x", created_at=now)
        for i in range(BADGE_CAP + 1)
    )
    Alert.objects.create(
        complaint=complaint, recipient=cast["supervisor"], kind="k", text="x", created_at=now
    )
    badge = '<span class="badge count">{}</span>'
    agent = _login("agent")
    assert badge.format("99+") in agent.get("/desk/").content.decode()
    Alert.objects.filter(recipient=cast["agent"]).exclude(kind__in=["k0", "k1"]).update(read_at=now)
    assert badge.format("2") in agent.get("/desk/").content.decode()
    Alert.objects.filter(recipient=cast["agent"]).update(read_at=now)
    assert 'class="badge count"' not in agent.get("/desk/").content.decode()
    assert badge.format("1") in _login("supervisor").get("/desk/").content.decode()
