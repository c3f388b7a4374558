"""Inbound email end to end through the raw-first pipeline (issue: email channel)."""

from __future__ import annotations

import json
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaintdesk.complaints.models import Complaint
from complaintdesk.customers.models import Customer
from complaintdesk.intake import services as intake
from complaintdesk.intake.models import InboundEmail, InboundStatus
from complaintdesk.intake.services import ingest
from complaintdesk.worker.models import OutboxMessage

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora"


def mail(
    sender: str = "李伟 <liwei@example.cn>",
    subject: str = "退款两周还没到账",
    body: str = "我两周前申请了退款，到现在还没有收到。",
    **headers: str,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "complaints@complaintdesk.localhost"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="customer.example")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def test_new_email_becomes_a_complaint_with_decoded_names(db: None) -> None:
    outcome = ingest(mail(), source="test")
    assert outcome.kind == "complaint"
    complaint = Complaint.objects.get(reference=outcome.reference)
    assert complaint.subject == "退款两周还没到账"
    assert complaint.description == "我两周前申请了退款，到现在还没有收到。"
    assert complaint.customer.name == "李伟"
    assert complaint.channel == "email"
    assert complaint.language == "zh-hans"
    assert InboundEmail.objects.get().status == InboundStatus.PROCESSED


def test_same_message_twice_yields_one_complaint(db: None) -> None:
    raw = mail()
    first = ingest(raw, source="a")
    second = ingest(raw, source="b")
    assert first.kind == "complaint"
    assert (second.kind, second.reason) == ("skipped", "duplicate")
    assert Complaint.objects.count() == 1
    assert InboundEmail.objects.count() == 1


def test_same_message_id_with_other_bytes_is_a_duplicate(db: None) -> None:
    raw = mail()
    ingest(raw, source="a")
    again = raw.replace(b"To: complaints@", b"To: Complaints <complaints@") + b"\n"
    assert ingest(again, source="b").reason == "duplicate"
    assert Complaint.objects.count() == 1


def test_reply_to_our_mail_lands_in_the_same_complaint(db: None) -> None:
    first = ingest(mail(), source="t")
    ack = OutboxMessage.objects.get(kind="acknowledgement")
    reply = mail(
        subject="Re: 我们已收到您的投诉",
        body="谢谢，请尽快处理。\n\n> 旧的内容",
        In_Reply_To=f"<{ack.message_id}>",
        References=f"<{ack.message_id}>",
    )
    outcome = ingest(reply, source="t")
    assert (outcome.kind, outcome.reference) == ("reply", first.reference)
    message = Complaint.objects.get(reference=first.reference).messages.get()
    assert message.text == "谢谢，请尽快处理。"
    assert "旧的内容" in message.quoted_text


def test_reference_in_subject_only_threads_for_the_same_customer(db: None) -> None:
    first = ingest(mail(), source="t")
    same = ingest(
        mail(subject=f"[{first.reference}] more details", body="Photo attached."), source="t"
    )
    stranger = ingest(mail(sender="x@evil.example", subject=f"[{first.reference}] hi"), source="t")
    assert same.kind == "reply"
    assert stranger.kind == "complaint"
    assert stranger.reference != first.reference


def test_plus_addressing_finds_the_same_customer(db: None) -> None:
    ingest(mail(sender="li@example.cn"), source="t")
    ingest(mail(sender="Li <li+orders@Example.cn>", subject="Another one"), source="t")
    assert Customer.objects.count() == 1


@pytest.mark.parametrize(
    ("headers", "subject"),
    [
        ({"Auto_Submitted": "auto-replied"}, "Re: complaint"),
        ({"X_Autoreply": "yes"}, "Re: complaint"),
        ({"Precedence": "bulk"}, "Newsletter"),
        ({}, "自动回复: 我不在办公室"),
        ({}, "Αυτόματη απάντηση: εκτός γραφείου"),
    ],
)
def test_auto_replies_and_bulk_never_create_complaints(
    db: None, headers: dict[str, str], subject: str
) -> None:
    outcome = ingest(mail(subject=subject, **headers), source="t")
    assert outcome.kind == "skipped"
    assert outcome.reason in {"auto_reply", "bulk"}
    assert Complaint.objects.count() == 0
    assert InboundEmail.objects.get().skip_reason == outcome.reason


def test_bounce_is_linked_and_marks_the_address(db: None) -> None:
    ingest(mail(sender="gone@example.com"), source="t")
    ack = OutboxMessage.objects.get(kind="acknowledgement")
    bounce = EmailMessage()
    bounce["From"] = "MAILER-DAEMON@mx.example.com"
    bounce["To"] = "complaints@complaintdesk.localhost"
    bounce["Subject"] = "Undelivered Mail Returned to Sender"
    bounce["Message-ID"] = make_msgid()
    bounce.set_content("This is the mail system. Your message could not be delivered.")
    returned = EmailMessage()
    returned["Message-ID"] = f"<{ack.message_id}>"
    returned["To"] = "Gone@Example.com"  # matched case-blind
    bounce.add_attachment(returned.as_bytes(), maintype="text", subtype="rfc822-headers")
    outcome = ingest(bounce.as_bytes(), source="t")
    assert (outcome.kind, outcome.reason) == ("skipped", "bounce")
    assert Customer.objects.get(email="gone@example.com").bounced_at is not None
    assert OutboxMessage.objects.get(pk=ack.pk).last_error == "bounced"
    assert Complaint.objects.count() == 1


def test_reply_to_long_closed_complaint_opens_a_linked_one(db: None, cast: Any) -> None:
    first = ingest(mail(), source="t")
    complaint = Complaint.objects.get(reference=first.reference)
    long_ago = timezone.now() - timedelta(days=400)
    Complaint.objects.filter(pk=complaint.pk).update(status="closed", closed_at=long_ago)
    outcome = ingest(mail(subject=f"Re: [{first.reference}] again"), source="t")
    assert outcome.kind == "complaint"
    created = Complaint.objects.get(reference=outcome.reference)
    assert created.events.get(kind="created").detail["follows"] == first.reference


def test_reply_to_recently_closed_complaint_reopens_it(db: None) -> None:
    first = ingest(mail(), source="t")
    Complaint.objects.filter(reference=first.reference).update(
        status="closed", closed_at=timezone.now() - timedelta(days=2)
    )
    outcome = ingest(mail(subject=f"Re: [{first.reference}] again"), source="t")
    assert outcome.kind == "reply"
    assert Complaint.objects.get(reference=first.reference).status == "reopened"


def test_a_crash_mid_way_leaves_a_retryable_row_and_no_half_complaint(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = mail()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(intake, "store_attachments", broken)
    failed = ingest(raw, source="t")
    assert failed.kind == "failed"
    assert "disk full" in failed.reason
    assert Complaint.objects.count() == 0
    row = InboundEmail.objects.get()
    assert row.status == InboundStatus.FAILED
    monkeypatch.undo()
    retried = intake.process_inbound(row)
    assert retried.kind == "complaint"
    assert intake.process_inbound(row).kind == "complaint"  # a second retry changes nothing
    assert Complaint.objects.count() == 1


def test_per_sender_rate_limit(db: None, settings: Any) -> None:
    settings.COMPLAINTDESK_INBOUND_PER_SENDER_HOUR = 2
    kinds = [ingest(mail(subject=f"n{i}"), source="t").kind for i in range(3)]
    assert kinds == ["complaint", "complaint", "skipped"]
    assert InboundEmail.objects.filter(skip_reason="rate_limited").count() == 1


def test_ingest_email_command_counts_each_message_once(db: None, tmp_path: Path) -> None:
    (tmp_path / "one.eml").write_bytes(mail())
    (tmp_path / "auto.eml").write_bytes(
        mail(subject="Out of Office", Auto_Submitted="auto-replied")
    )
    mbox = b"".join(
        b"From sender@example.com Mon Nov 23 10:00:00 2026\n" + mail(subject=f"mbox {i}") + b"\n"
        for i in range(3)
    )
    (tmp_path / "box.mbox").write_bytes(mbox)
    out = StringIO()
    call_command(
        "ingest-email",
        str(tmp_path),
        str(tmp_path / "one.eml"),
        str(tmp_path / "missing.eml"),
        "--json",
        stdout=out,
    )
    summary = json.loads(out.getvalue())
    assert summary["messages"] == 7
    assert summary["complaints"] == 4
    assert summary["skipped"] == {"auto_reply": 1, "duplicate": 1}
    assert [f["path"] for f in summary["failed"]] == [str(tmp_path / "missing.eml")]
    assert (
        summary["complaints"]
        + summary["replies"]
        + sum(summary["skipped"].values())
        + len(summary["failed"])
        == summary["messages"]
    )


def test_messy_real_world_folder_never_crashes(db: None) -> None:
    if not CORPORA.is_dir():
        pytest.fail(f"The corpora are missing at {CORPORA}")
    folders = [
        CORPORA / "zammad-sample",
        CORPORA / "django-helpdesk" / "test_files",
        CORPORA / "apache-james-mime4j" / "testmsgs",
    ]
    paths = [
        str(p)
        for f in folders
        for p in sorted(f.rglob("*"))
        if p.is_file() and p.suffix in {".eml", ".msg", ""} and p.name != "SHA256SUMS"
    ]
    out = StringIO()
    call_command("ingest-email", *paths, "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["messages"] == len(paths)
    assert summary["failed"] == []
    assert summary["complaints"] > 0
    counted = summary["complaints"] + summary["replies"] + sum(summary["skipped"].values())
    assert counted == summary["messages"]


def test_inbound_api_takes_a_raw_message(api: Any) -> None:
    response = api["agent"].client.post(
        "/api/v1/inbound/email",
        mail(),
        content_type="message/rfc822",
        headers=api["agent"].headers,
    )
    assert response.status_code == 201
    assert response.json()["status"] == "complaint"
    anonymous = api["agent"].client.post(
        "/api/v1/inbound/email", mail(subject="x"), content_type="message/rfc822"
    )
    assert anonymous.status_code == 401


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("iso-8859-7", "Ευχαριστώ πολύ!"),
        ("windows-1253", "Ευχαριστώ πολύ!"),
        ("gb2312", "退款两周还没到账"),
        ("big5", "退款兩週還沒到帳"),
        ("utf-8", "Grüße, 谢谢"),
    ],
)
def test_8bit_bodies_decode_whatever_the_subject_encoding(
    db: None, charset: str, text: str
) -> None:
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["Subject"] = "Re: [C-2026-000001] Λάθος χρώμα 退款"
    message["Message-ID"] = make_msgid()
    message.set_content(text, charset=charset, cte="8bit")
    outcome = ingest(message.as_bytes(), source="t")
    assert Complaint.objects.get(reference=outcome.reference).description == text
