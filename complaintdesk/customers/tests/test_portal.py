"""The customer's side: public form, tracking link, replies, rating."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import transition_complaint
from conftest import file_complaint

FORM = {
    "name": "Μαρία Νικολάου",
    "email": "maria@example.gr",
    "subject": "Λάθος χρώμα",
    "description": "Παρήγγειλα μπλε και ήρθε κόκκινο.",
    "expectation": "Να μου στείλετε το μπλε.",
}


def setup_function() -> None:
    cache.clear()


def test_public_form_files_a_complaint_and_shows_the_tracking_link(db: None) -> None:
    response = Client().post("/c/new/", FORM)
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    page = response.content.decode()
    assert complaint.reference in page
    assert f"/c/t/{complaint.tracking_token}/" in page
    assert complaint.language == "el"
    assert complaint.expectation == "Να μου στείλετε το μπλε."
    assert complaint.channel == "web"


def test_honeypot_rejects_bots_and_writes_nothing(db: None) -> None:
    response = Client().post("/c/new/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 200
    assert Complaint.objects.count() == 0


def test_missing_fields_are_named_and_nothing_is_written(db: None) -> None:
    response = Client().post("/c/new/", {"name": "X"})
    assert response.status_code == 200
    assert 'id="id_email"' in response.content.decode()
    assert Complaint.objects.count() == 0


@override_settings(COMPLAINTDESK_PUBLIC_FORM_RATE=2)
def test_public_form_is_rate_limited(db: None) -> None:
    client = Client()
    statuses = [client.post("/c/new/", FORM).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Complaint.objects.count() == 2


def test_tracking_page_shows_public_messages_only(cast: Any) -> None:
    from complaintdesk.complaints.services import add_internal_note

    complaint = file_complaint()
    add_internal_note(complaint=complaint, actor=cast["agent"], text="Customer seems upset")
    page = Client().get(f"/c/t/{complaint.tracking_token}/").content.decode()
    assert complaint.subject in page
    assert "Customer seems upset" not in page


def test_unknown_tracking_token_is_404(db: None) -> None:
    assert Client().get("/c/t/not-a-token/").status_code == 404


def test_customer_reply_reopens_a_resolved_complaint(cast: Any) -> None:
    complaint = file_complaint()
    for status in ["acknowledged", "in_progress", "resolved"]:
        transition_complaint(complaint=complaint, to_status=status, actor=cast["agent"])
    Client().post(f"/c/t/{complaint.tracking_token}/reply/", {"text": "It broke again."})
    complaint.refresh_from_db()
    assert complaint.status == "reopened"
    assert complaint.messages.filter(direction="inbound").get().text == "It broke again."


def test_rating_after_resolution(cast: Any) -> None:
    complaint = file_complaint()
    client = Client()
    assert (
        "Did we solve it?" not in client.get(f"/c/t/{complaint.tracking_token}/").content.decode()
    )
    for status in ["acknowledged", "in_progress", "resolved"]:
        transition_complaint(complaint=complaint, to_status=status, actor=cast["agent"])
    assert "Did we solve it?" in client.get(f"/c/t/{complaint.tracking_token}/").content.decode()
    client.post(
        f"/c/t/{complaint.tracking_token}/rate/", {"rating": "4", "comment": "Faster, please"}
    )
    complaint.refresh_from_db()
    assert complaint.satisfaction_rating == 4
    assert complaint.events.filter(kind="customer_rated").exists()


def test_portal_login_lists_only_own_complaints(cast: Any) -> None:
    own = file_complaint("alice@example.com")
    other = file_complaint("bob@example.com", subject="Bob's issue")
    client = Client()
    client.force_login(cast["alice_user"])
    page = client.get("/c/mine/").content.decode()
    assert own.reference in page
    assert other.reference not in page


def test_portal_list_query_count_does_not_grow_with_rows(cast: Any) -> None:
    file_complaint("alice@example.com")
    client = Client()
    client.force_login(cast["alice_user"])
    client.get("/c/mine/")
    with CaptureQueriesContext(connection) as few:
        client.get("/c/mine/")
    for _ in range(5):
        file_complaint("alice@example.com")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/c/mine/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_portal_search_finds_own_complaints_in_any_script_and_never_others(cast: Any) -> None:
    lamp = file_complaint("alice@example.com", subject="台燈壞了", description="燈泡不亮")
    colour = file_complaint("alice@example.com")
    bobs = file_complaint("bob@example.com", subject="台灯坏了", description="灯泡不亮")
    client = Client()
    client.force_login(cast["alice_user"])
    page = client.get("/c/mine/", {"q": "台灯"}).content.decode()  # Simplified finds Traditional
    assert lamp.reference in page
    assert colour.reference not in page
    assert bobs.reference not in page
    nothing = client.get("/c/mine/", {"q": "refund"}).content.decode()
    assert "No complaints match." in nothing
    assert lamp.reference not in nothing


def test_public_form_takes_attachments_and_staff_can_download_them(cast: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    Client().post("/c/new/", {**FORM, "attachments": [photo]})
    complaint = Complaint.objects.get()
    stored = complaint.attachments.get()
    assert stored.filename == "照片.jpg"
    assert stored.size == len(b"\xff\xd8\xff fake jpeg")
    staff = Client()
    staff.force_login(cast["manager"])
    url = f"/desk/c/{complaint.reference}/attachments/{stored.pk}/"
    assert b"".join(staff.get(url).streaming_content) == b"\xff\xd8\xff fake jpeg"  # type: ignore[attr-defined]
    outsider = Client()
    outsider.force_login(cast["outsider"])
    assert outsider.get(url).status_code == 404


@override_settings(COMPLAINTDESK_MAX_ATTACHMENT_BYTES=10)
def test_oversized_attachment_is_refused_and_nothing_is_written(db: None) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")
    response = Client().post("/c/new/", {**FORM, "attachments": [big]})
    assert "big.pdf" in response.content.decode()
    assert Complaint.objects.count() == 0
