"""Telling machine-made mail (auto-replies, lists, bounces, ARF) from people."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesHeaderParser

from complaintdesk.intake.email.addresses import normalise_address
from complaintdesk.intake.email.result import ParsedAttachment, ParsedEmail

__all__ = ["NOISE_REASONS", "bounced_message_id", "bounced_recipient", "classify_noise"]

NOISE_REASONS = ("feedback_report", "bounce", "auto_reply", "bulk")

_HEADER_PARSER = BytesHeaderParser(policy=policy.compat32)
_REPORT_TYPE = re.compile(r"report-type\s*=\s*\"?([\w-]+)", re.IGNORECASE)
_DAEMON_LOCALS = frozenset({"mailer-daemon", "postmaster", "mail-daemon", "maildaemon"})
_BOUNCE_SUBJECT = re.compile(
    r"undeliver(?:ed|able)|delivery status notification \((?:failure|delay)\)"
    r"|returned mail|mail delivery (?:failed|failure)|delivery (?:failure|has failed)"
    r"|failure notice|non-delivery|系统退信|退信|无法投递|未能送达|Μη παράδοση",
    re.IGNORECASE,
)
_DEFINITE_BOUNCE_SUBJECTS = (
    "undelivered mail returned to sender",
    "delivery status notification (failure)",
)
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:\[?(?:out of (?:the )?office|automatic reply|auto[- ]?reply|auto[- ]?response"
    r"|autosvar|abwesenheitsnotiz|réponse automatique|absence)\b"
    r"|自动回复|自動回覆|自动答复|自動回復|自動答覆|Αυτόματη απάντηση|Εκτός γραφείου)",
    re.IGNORECASE,
)
_BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
_RECIPIENT_FIELD = re.compile(
    r"^(?:Final|Original)-Recipient:\s*(?:rfc822\s*;)?\s*<?([^\s<>;]+@[^\s<>;]+)>?",
    re.IGNORECASE | re.MULTILINE,
)
_BODY_RECIPIENT = (
    _RECIPIENT_FIELD,
    re.compile(r"^\s*<([^\s<>]+@[^\s<>]+)>\s*:", re.MULTILINE),
    re.compile(
        r"(?:following (?:recipients?|address(?:\(?es\)?)?) failed|could not be delivered to"
        r"|delivery to the following recipients? failed[^:\n]*)"
        r"\s*:?\s*<?([^\s<>:]+@[^\s<>:]+?)>?\s",
        re.IGNORECASE,
    ),
)
_MESSAGE_ID_LINE = re.compile(r"^Message-ID:\s*<([^<>\s]+)>", re.IGNORECASE | re.MULTILINE)
_ENVELOPE_TYPES = frozenset({"message/rfc822", "message/global", "text/rfc822-headers"})


def _report_type(parsed: ParsedEmail) -> str | None:
    if parsed.content_type != "multipart/report":
        return None
    match = _REPORT_TYPE.search(parsed.headers.get("content-type", ""))
    return match.group(1).lower() if match else None


def _has_part(parsed: ParsedEmail, content_type: str) -> bool:
    return any(item.content_type == content_type for item in parsed.attachments)


def _is_bounce(parsed: ParsedEmail) -> bool:
    if _report_type(parsed) == "delivery-status" or _has_part(parsed, "message/delivery-status"):
        return True
    if parsed.from_address.partition("@")[0] in _DAEMON_LOCALS:
        return True
    if parsed.subject.lower().startswith(_DEFINITE_BOUNCE_SUBJECTS):
        return True
    machine_made = "x-failed-recipients" in parsed.headers or "auto-submitted" in parsed.headers
    return machine_made and bool(_BOUNCE_SUBJECT.search(parsed.subject))


def _is_auto_reply(parsed: ParsedEmail) -> bool:
    headers = parsed.headers
    auto_submitted = headers.get("auto-submitted", "no").split(";")[0].strip().lower()
    if auto_submitted != "no":
        return True
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return True
    if headers.get("precedence", "").strip().lower() == "auto_reply":
        return True
    return bool(_AUTO_SUBJECT.match(parsed.subject))


def _is_bulk(parsed: ParsedEmail) -> bool:
    precedence = parsed.headers.get("precedence", "").strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return True
    has_list = "list-id" in parsed.headers or "list-unsubscribe" in parsed.headers
    return has_list and bool(precedence)


def classify_noise(parsed: ParsedEmail) -> str | None:
    """Why ``parsed`` is not a human message, or None if it is one.

    Returns one of ``NOISE_REASONS``: "feedback_report" (ARF abuse reports),
    "bounce" (delivery-status reports, mailer-daemon/postmaster senders,
    bounce subjects), "auto_reply" (Auto-Submitted other than "no",
    X-Autoreply/X-Autorespond, Precedence auto_reply, out-of-office subjects
    in English, Chinese and Greek) or "bulk" (Precedence bulk/list/junk, list
    headers with a Precedence). Checked in that order: bounces usually carry
    Auto-Submitted too.
    """
    if _report_type(parsed) == "feedback-report" or _has_part(parsed, "message/feedback-report"):
        return "feedback_report"
    if _is_bounce(parsed):
        return "bounce"
    if _is_auto_reply(parsed):
        return "auto_reply"
    if _is_bulk(parsed):
        return "bulk"
    return None


def _returned_headers(parsed: ParsedEmail) -> list[ParsedAttachment]:
    return [item for item in parsed.attachments if item.content_type in _ENVELOPE_TYPES]


def bounced_message_id(parsed: ParsedEmail) -> str | None:
    """Message-ID (without <>) of the message a bounce reports, or None.

    Read from the returned message or headers part of a DSN, else from a
    "Message-ID:" line quoted in the body of a non-standard bounce.
    """
    for item in _returned_headers(parsed):
        value = _HEADER_PARSER.parsebytes(item.content).get("message-id")
        match = _MESSAGE_ID_LINE.search(f"Message-ID: {value}") if value else None
        if match:
            return match.group(1)
    match = _MESSAGE_ID_LINE.search(parsed.full_text)
    return match.group(1) if match else None


def bounced_recipient(parsed: ParsedEmail) -> str | None:
    """Normalised address that could not be reached according to a bounce, or None.

    Order: Final-/Original-Recipient of the message/delivery-status part,
    X-Failed-Recipients, then recipient lines in the bounce text.
    """
    for item in parsed.attachments:
        if item.content_type == "message/delivery-status":
            match = _RECIPIENT_FIELD.search(item.content.decode("utf-8", "replace"))
            if match:
                return normalise_address(match.group(1))
    failed = parsed.headers.get("x-failed-recipients", "").split(",")[0].strip()
    if "@" in failed:
        return normalise_address(failed)
    text = parsed.full_text
    for pattern in _BODY_RECIPIENT:
        match = pattern.search(text)
        if match:
            return normalise_address(match.group(1))
    return None
