"""Outbox delivery against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import override_settings
from django.utils import timezone

from complaintdesk.intake.tests.mailservers import SmtpInbox, free_port
from complaintdesk.worker.models import OutboxMessage, OutboxStatus
from complaintdesk.worker.outbox import backoff, deliver_due, queue_email


def _queue(**extra: Any) -> OutboxMessage:
    return queue_email(
        kind="reply",
        to_address="li@example.com",
        subject="[C-2026-000001] 回复：退款",
        body_text="您好，退款已经处理。\nΕυχαριστούμε.",
        body_html="<p>您好</p>",
        language="zh-hans",
        **extra,
    )


def test_queued_mail_is_sent_once_with_threading_headers(db: None, smtp: SmtpInbox) -> None:
    row = _queue(in_reply_to="abc@customer.example", references="first@x abc@customer.example")
    assert deliver_due() == 1
    assert deliver_due() == 0
    assert len(smtp.messages) == 1
    sent = smtp.messages[0]
    assert sent["Message-ID"] == f"<{row.message_id}>"
    assert sent["In-Reply-To"] == "<abc@customer.example>"
    assert sent["References"] == "<first@x> <abc@customer.example>"
    assert sent["Subject"] == "[C-2026-000001] 回复：退款"
    plain = sent.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "退款已经处理" in plain.get_content()
    assert "Ευχαριστούμε" in plain.get_content()
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert row.attempts == 1


def test_failed_delivery_is_retried_later_with_backoff(db: None) -> None:
    port = free_port()  # nothing listens here
    row = _queue()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=2,
    ):
        assert deliver_due() == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING
    assert row.attempts == 1
    assert row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=20)
    assert deliver_due() == 0  # not due yet


def test_delivery_gives_up_after_max_attempts(db: None) -> None:
    row = _queue()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=free_port(),
        EMAIL_TIMEOUT=2,
        COMPLAINTDESK_OUTBOX_MAX_ATTEMPTS=1,
    ):
        deliver_due()
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED


def test_backoff_doubles_and_is_capped() -> None:
    assert backoff(1) == timedelta(seconds=30)
    assert backoff(2) == timedelta(seconds=60)
    assert backoff(20) == timedelta(hours=1)
