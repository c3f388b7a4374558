"""Quoted history, noise classification, bounces, addresses, references, HTML helpers."""

from __future__ import annotations

import pytest

from complaintdesk.intake.email import (
    base_address,
    bounced_message_id,
    bounced_recipient,
    classify_noise,
    extract_reference,
    normalise_address,
    parse_email,
)
from complaintdesk.intake.email.quotes import split_quoted
from complaintdesk.lib.html import html_to_text, sanitise_html


def _plain(body: str, *, subject: str = "Re: order", headers: str = "") -> bytes:
    return (
        "From: Li Wei <li@example.com>\r\nTo: support@example.com\r\n"
        f"Subject: {subject}\r\n{headers}MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    ).encode()


@pytest.mark.parametrize(
    ("body", "quoted_start"),
    [
        ("On Mon, 2 Mar 2026 at 10:00, Support <s@x.com> wrote:\n> We are sorry.", "On Mon"),
        ("On Mon, 2 Mar 2026 at 10:00, Support\n<s@x.com> wrote:\n> Sorry.", "On Mon"),
        ("-----Original Message-----\nFrom: Support\nSent: Monday\n\nSorry.", "-----Original"),
        ("From: Support <s@x.com>\nSent: Monday, March 2, 2026\nTo: Li\n\nSorry.", "From: Support"),
        ("在 2026年3月2日 10:00，客服 <s@x.com> 写道：\n> 抱歉。", "在 2026年"),
        (
            "-----原始邮件-----\n发件人: 客服\n发送时间: 2026年3月2日\n\n抱歉。",
            "-----原始邮件-----",
        ),
        ("寄件者: 客服 <s@x.com>\n寄件日期: 2026年3月2日\n主旨: 訂單\n\n抱歉。", "寄件者:"),
        ("Στις Δευ 2 Μαρ 2026, η Υποστήριξη έγραψε:\n> Λυπούμαστε.", "Στις Δευ"),
    ],
)
def test_quoted_history_is_separated_in_en_zh_el(body: str, quoted_start: str) -> None:
    parsed = parse_email(_plain("Still no refund.\n\n" + body))
    assert parsed.text == "Still no refund."
    assert parsed.quoted.startswith(quoted_start)
    assert parsed.quoted == body.strip()


def test_interleaved_reply_keeps_new_lines_and_moves_quotes() -> None:
    text, quoted = split_quoted("> Did it arrive?\nNo.\n> Which colour?\nRed.\n")
    assert text == "No.\nRed."
    assert quoted == "> Did it arrive?\n> Which colour?"


def test_text_without_history_is_all_new() -> None:
    assert split_quoted("On Monday I wrote to you twice.\n") == (
        "On Monday I wrote to you twice.",
        "",
    )


@pytest.mark.parametrize(
    ("subject", "headers", "reason"),
    [
        ("Re: order", "Auto-Submitted: auto-replied\r\n", "auto_reply"),
        ("Re: order", "X-Autoreply: yes\r\n", "auto_reply"),
        ("Re: order", "X-Autorespond: on\r\n", "auto_reply"),
        ("Re: order", "Precedence: auto_reply\r\n", "auto_reply"),
        ("Out of Office: back on Monday", "", "auto_reply"),
        ("Automatic reply: Re: order", "", "auto_reply"),
        ("自动回复：订单", "", "auto_reply"),
        ("自動回覆：訂單", "", "auto_reply"),
        ("Αυτόματη απάντηση: παραγγελία", "", "auto_reply"),
        ("Weekly news", "Precedence: bulk\r\n", "bulk"),
        ("Weekly news", "List-Id: <news.example.com>\r\nPrecedence: list\r\n", "bulk"),
        ("Re: order", "Auto-Submitted: no\r\n", None),
        ("Weekly news", "List-Id: <news.example.com>\r\n", None),
    ],
)
def test_noise_is_classified_by_headers_and_subject(
    subject: str, headers: str, reason: str | None
) -> None:
    raw = _plain("Thanks.", subject=subject.encode().decode(), headers=headers)
    assert classify_noise(parse_email(raw)) == reason


def _dsn() -> bytes:
    return (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>\r\n"
        b"To: support@example.com\r\nSubject: Delivery Status Notification (Failure)\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n'
        b"--r\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        b"--r\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example.net\r\n\r\n"
        b"Final-Recipient: rfc822; Gone@Example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"--r\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        b"Message-ID: <reply-42@complaintdesk.example>\r\nSubject: [C-2026-000042]\r\n"
        b"--r--\r\n"
    )


def test_dsn_bounce_gives_original_message_id_and_recipient() -> None:
    parsed = parse_email(_dsn())
    assert classify_noise(parsed) == "bounce"
    assert bounced_message_id(parsed) == "reply-42@complaintdesk.example"
    assert bounced_recipient(parsed) == "gone@example.org"


def test_non_standard_bounce_is_read_from_its_text() -> None:
    body = (
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. The following address(es) failed:\n\n  lost@example.org\n\n"
        "------ This is a copy of the message, including all the headers. ------\n"
        "Message-ID: <orig-7@complaintdesk.example>\n"
    )
    raw = _plain(body, subject="Mail delivery failed", headers="X-Failed-Recipients: \r\n")
    raw = raw.replace(b"From: Li Wei <li@example.com>", b"From: postmaster@mx.example.org")
    parsed = parse_email(raw)
    assert classify_noise(parsed) == "bounce"
    assert bounced_message_id(parsed) == "orig-7@complaintdesk.example"
    assert bounced_recipient(parsed) == "lost@example.org"


def test_arf_feedback_report_is_classified() -> None:
    raw = (
        b"From: abuse@isp.example\r\nTo: support@example.com\r\nSubject: Abuse report\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=feedback-report; boundary="f"\r\n\r\n'
        b"--f\r\nContent-Type: text/plain\r\n\r\nThis is an abuse report.\r\n"
        b"--f\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\n"
        b"--f--\r\n"
    )
    assert classify_noise(parse_email(raw)) == "feedback_report"


def test_genuine_message_is_not_noise() -> None:
    assert classify_noise(parse_email(_plain("My parcel is lost."))) is None


def test_plus_addressing_and_idna_normalisation() -> None:
    assert base_address("li+orders@Example.com") == "li@example.com"
    assert normalise_address("  Li@Bücher.DE ") == "li@xn--bcher-kva.de"
    assert base_address("+tag@example.com") == "+tag@example.com"
    assert normalise_address("not-an-address") == "not-an-address"


@pytest.mark.parametrize(
    ("subject", "reference"),
    [
        ("Re: [C-2026-000042] Refund", "C-2026-000042"),
        ("回复：【C-2026-1234567】退款", "C-2026-1234567"),
        ("Re: C-2026-000042 without brackets", None),
        ("[C-2026-00042] too short", None),
    ],
)
def test_complaint_reference_is_extracted_from_subject(subject: str, reference: str | None) -> None:
    assert extract_reference(subject) == reference


def test_sanitiser_strips_scripts_handlers_and_unsafe_images() -> None:
    html = (
        '<p onclick="x()">Hi<script>alert(1)</script></p><style>p{}</style>'
        '<img src="https://cdn.example/a.png"><img src="data:image/png;base64,AA">'
        '<a href="https://example.com">link</a><iframe src="https://e.x"></iframe>'
    )
    assert sanitise_html(html) == (
        '<p>Hi</p><img src="https://cdn.example/a.png"><img>'
        '<a href="https://example.com" rel="noopener noreferrer nofollow">link</a>'
    )


def test_html_to_text_keeps_structure_and_unescapes() -> None:
    html = (
        "<h1>Title</h1><ul><li>one</li><li>two &lt;3</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table>"
    )
    assert html_to_text(html) == "Title\n\n- one\n- two <3\n\na b"
