"""``parse_email``: raw RFC 5322 bytes in, an immutable ``ParsedEmail`` out.

Intake is raw-first (ARCHITECTURE.md rule 7): the caller stores the bytes,
then calls this. It never raises on malformed mail, so a failure to parse is
always a bug here, never the sender's fault.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from complaintdesk.intake.email.addresses import normalise_address
from complaintdesk.intake.email.body import collect_body
from complaintdesk.intake.email.charsets import decode_header_text, decode_words, header_to_text
from complaintdesk.intake.email.mime import parse_message, part_info, raw_header
from complaintdesk.intake.email.quotes import split_quoted
from complaintdesk.intake.email.result import NOISE_HEADERS, ParsedAttachment, ParsedEmail
from complaintdesk.lib.html import html_to_text, sanitise_html

__all__ = ["DEFAULT_MAX_ATTACHMENT_BYTES", "ParsedAttachment", "ParsedEmail", "parse_email"]

DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_BARE_ID = re.compile(r"[^<>\s]+@[^<>\s]+")
_WHITESPACE = re.compile(r"\s+")


def parse_email(
    raw: bytes, max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
) -> ParsedEmail:
    """Parse one raw message. Raises TypeError only if ``raw`` is not bytes.

    Malformed structure, headers and encodings are repaired best-effort and
    described in ``ParsedEmail.defects``; attachments larger than
    ``max_attachment_bytes`` are dropped (and listed in the defects).
    """
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise TypeError(f"parse_email() needs bytes, not {type(raw).__name__}")
    defects: list[str] = []
    message = parse_message(bytes(raw), defects)
    body = collect_body(message, max_attachment_bytes, defects)
    _collect_parser_defects(message, defects)
    hint = body.charsets[0] if body.charsets else None
    plain = "\n\n".join(text for text in body.plain if text.strip())
    html_source = "\n".join(body.html)
    if not plain and html_source:
        plain = html_to_text(html_source)
    text, quoted = split_quoted(plain)
    return ParsedEmail(
        message_id=_first_id(raw_header(message, "message-id")),
        in_reply_to=_first_id(raw_header(message, "in-reply-to")),
        references=_all_ids(raw_header(message, "references")),
        **_sender(message, hint),
        to=_addresses(message, "to", hint),
        cc=_addresses(message, "cc", hint),
        reply_to=_addresses(message, "reply-to", hint),
        subject=_header(message, "subject", hint),
        date=_date(raw_header(message, "date"), defects),
        headers=_noise_headers(message, hint),
        content_type=part_info(message).content_type,
        text=text,
        quoted=quoted,
        html=sanitise_html(html_source) if html_source else None,
        attachments=tuple(body.attachments),
        defects=tuple(dict.fromkeys(defects)),
        charset_used=hint,
    )


def _collect_parser_defects(message: Message, defects: list[str]) -> None:
    for part in message.walk():
        for defect in part.defects:
            detail = str(defect)
            name = type(defect).__name__
            defects.append(f"{name}: {detail}" if detail else name)


def _header(message: Message, name: str, hint: str | None) -> str:
    raw = raw_header(message, name)
    return decode_header_text(raw, hint) if raw is not None else ""


def _first_id(raw: str | None) -> str | None:
    ids = _all_ids(raw)
    return ids[0] if ids else None


def _all_ids(raw: str | None) -> tuple[str, ...]:
    """Message ids in order, without <> and duplicates; bare ids as a fallback."""
    if not raw:
        return ()
    found = _MESSAGE_ID.findall(raw) or _BARE_ID.findall(raw)
    return tuple(dict.fromkeys(found))


def _address_pairs(message: Message, name: str, hint: str | None) -> list[tuple[str, str]]:
    values: list[str] = []
    wanted = name.lower()
    for key, value in message.raw_items():
        if key.lower() == wanted:
            values.append(header_to_text(str(value), hint))
    pairs: list[tuple[str, str]] = []
    # Encoded words are decoded after splitting, so that a decoded comma or
    # quote inside a display name cannot split or merge addresses.
    for display, address in getaddresses(values):
        if address and "@" in address:
            name_text = _WHITESPACE.sub(" ", decode_words(display, hint)).strip()
            pairs.append((name_text, normalise_address(address)))
    return pairs


def _addresses(message: Message, name: str, hint: str | None) -> tuple[str, ...]:
    found = (address for _display, address in _address_pairs(message, name, hint))
    return tuple(dict.fromkeys(found))


def _sender(message: Message, hint: str | None) -> dict[str, str]:
    pairs = _address_pairs(message, "from", hint) or _address_pairs(message, "sender", hint)
    if not pairs:
        return {"from_name": "", "from_address": ""}
    display, address = pairs[0]
    return {"from_name": display, "from_address": address}


def _date(raw: str | None, defects: list[str]) -> datetime | None:
    if not raw:
        return None
    try:
        parsed = parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        defects.append(f"unparseable Date header {raw.strip()[:60]!r}")
        return None
    # "-0000" means "UTC, local zone unknown" (RFC 5322 §3.3).
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _noise_headers(message: Message, hint: str | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in message.raw_items():
        lowered = key.lower()
        if lowered in NOISE_HEADERS and lowered not in found:
            found[lowered] = decode_header_text(str(value), hint)
    return found
