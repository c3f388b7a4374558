from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.states import Status


def test_demo_covers_every_status_and_language_and_prints_logins(db: None) -> None:
    out = StringIO()
    call_command("demo", "--complaints", "44", "--password", "demo-pass-123", stdout=out)
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Complaint.objects.values_list("language", flat=True)) == {
        "en",
        "zh-hans",
        "zh-hant",
        "el",
    }
    assert Complaint.objects.filter(transfer_count__gt=1).exists()
    printed = out.getvalue()
    for username in ["agent", "supervisor", "manager", "admin"]:
        assert username in printed
    assert "demo-pass-123" in printed


def test_demo_twice_adds_no_complaints(db: None) -> None:
    call_command("demo", "--complaints", "12", stdout=StringIO())
    call_command("demo", "--complaints", "12", stdout=StringIO())
    assert Complaint.objects.count() == 12
