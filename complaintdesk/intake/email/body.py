"""Walking a parsed MIME tree into body text, HTML and attachments."""

from __future__ import annotations

import io
import mimetypes
import re
from dataclasses import dataclass, field
from email import policy
from email.generator import BytesGenerator
from email.message import Message

from tnefparse import TNEF

from complaintdesk.intake.email.charsets import decode_bytes, decode_header_text
from complaintdesk.intake.email.mime import (
    PartInfo,
    children,
    part_info,
    payload_bytes,
    safe_filename,
)
from complaintdesk.intake.email.result import ParsedAttachment

__all__ = ["BodyParts", "collect_body", "flatten"]

_BODY_TYPES = frozenset({"text/plain", "text/html"})
_EMBEDDED_MESSAGE_TYPES = frozenset({"message/rfc822", "message/global"})
_TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
# Re-serialising embedded messages must not refold or re-encode their headers.
_FLATTEN_POLICY = policy.compat32.clone(max_line_length=0)
_EXTENSIONS = {
    "message/rfc822": ".eml",
    "message/global": ".eml",
    "message/delivery-status": ".txt",
    "message/feedback-report": ".txt",
    "message/disposition-notification": ".txt",
    "text/rfc822-headers": ".txt",
    "text/plain": ".txt",
    "text/html": ".html",
}


@dataclass
class BodyParts:
    """Mutable accumulator filled while walking one message."""

    max_attachment_bytes: int
    defects: list[str]
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)
    charsets: list[str] = field(default_factory=list)

    def add_attachment(self, attachment: ParsedAttachment) -> None:
        """Keep ``attachment`` unless it exceeds the size limit (then record it)."""
        if attachment.size > self.max_attachment_bytes:
            self.defects.append(
                f"attachment {attachment.filename!r} dropped: {attachment.size} bytes"
                f" exceed the {self.max_attachment_bytes}-byte limit"
            )
            return
        self.attachments.append(attachment)


def collect_body(message: Message, max_attachment_bytes: int, defects: list[str]) -> BodyParts:
    """Sort every part of ``message`` into plain text, HTML or attachments.

    Embedded messages (message/rfc822) become .eml attachments and are not
    searched for body text; TNEF (winmail.dat) is unpacked into attachments
    and, when it carries one, a body.
    """
    parts = BodyParts(max_attachment_bytes=max_attachment_bytes, defects=defects)
    _visit(message, parts)
    return parts


def _visit(part: Message, parts: BodyParts) -> None:
    info = part_info(part)
    subparts = children(part)
    if info.content_type.startswith("multipart/") and isinstance(part.get_payload(), list):
        for child in subparts:
            _visit(child, parts)
    elif info.content_type.startswith("message/"):
        _add_message_part(part, info, subparts, parts)
    elif info.content_type in _TNEF_TYPES or (info.filename or "").lower() == "winmail.dat":
        _add_tnef(payload_bytes(part, info, parts.defects), parts)
    elif _is_body(info):
        _add_text(payload_bytes(part, info, parts.defects), info, parts)
    else:
        _attach(payload_bytes(part, info, parts.defects), info, parts)


def _is_body(info: PartInfo) -> bool:
    if info.disposition == "attachment" or info.filename:
        return False
    # A multipart whose boundary is lost has a string payload: read it as text.
    return info.content_type in _BODY_TYPES or info.content_type.startswith("multipart/")


def _add_text(data: bytes, info: PartInfo, parts: BodyParts) -> None:
    charset = info.charset
    is_html = info.content_type == "text/html"
    if charset is None and is_html:
        meta = _META_CHARSET.search(data[:4096])
        charset = meta.group(1).decode("ascii") if meta else None
    decoded = decode_bytes(data, charset)
    if not decoded.exact:
        parts.defects.append(f"body not valid {charset}; undecodable bytes replaced")
    parts.charsets.append(decoded.codec)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    (parts.html if is_html else parts.plain).append(text)


def _add_message_part(
    part: Message, info: PartInfo, subparts: list[Message], parts: BodyParts
) -> None:
    if info.content_type in _EMBEDDED_MESSAGE_TYPES and subparts:
        content = flatten(subparts[0])
        subject = subparts[0].get("subject")
        if info.filename is None and subject:
            # Name the .eml after what the reader knows it by, as mail clients do.
            info.filename = safe_filename(decode_header_text(str(subject)) + ".eml")
        if info.encoding in {"base64", "quoted-printable"}:
            # The stdlib parses message/* payloads without undoing the encoding.
            content = _undo_encoding(content, info, parts.defects)
    elif subparts:
        content = b"\n".join(_header_block(block) for block in subparts)
    else:
        content = payload_bytes(part, info, parts.defects)
    _attach(content, info, parts)


def _undo_encoding(content: bytes, info: PartInfo, defects: list[str]) -> bytes:
    carrier = Message()
    carrier.set_payload(content.lstrip(b"\r\n").decode("ascii", "surrogateescape"))
    return payload_bytes(carrier, info, defects)


def _header_block(block: Message) -> bytes:
    lines = [f"{key}: {value}\n" for key, value in block.raw_items()]
    return "".join(lines).encode("utf-8", "surrogateescape")


def flatten(message: Message) -> bytes:
    """Serialise ``message`` back to bytes as close to the original as possible."""
    buffer = io.BytesIO()
    try:
        BytesGenerator(buffer, mangle_from_=False, policy=_FLATTEN_POLICY).flatten(message)
    except Exception:  # an unserialisable part still leaves the rest usable
        return b""
    return buffer.getvalue()


def _attach(content: bytes, info: PartInfo, parts: BodyParts) -> None:
    inline = info.disposition == "inline" or (info.disposition is None and bool(info.content_id))
    parts.add_attachment(
        ParsedAttachment(
            filename=info.filename or _made_up_name(info, len(parts.attachments)),
            content_type=info.content_type,
            content=content,
            content_id=info.content_id,
            inline=inline,
        )
    )


def _made_up_name(info: PartInfo, index: int) -> str:
    content_type = info.content_type
    extension = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"
    stem = info.description or f"part-{index + 1}"
    return stem if stem.lower().endswith(extension) else f"{stem}{extension}"


def _add_tnef(data: bytes, parts: BodyParts) -> None:
    try:
        tnef = TNEF(data, do_checksum=False)
    except Exception:  # tnefparse raises assorted errors on damaged files
        parts.defects.append("winmail.dat could not be unpacked; kept as is")
        parts.add_attachment(ParsedAttachment("winmail.dat", "application/ms-tnef", data))
        return
    for index, item in enumerate(tnef.attachments):
        name = _text_of(item.long_filename()) or f"tnef-{index + 1}.bin"
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        filename = safe_filename(name) or f"tnef-{index + 1}.bin"
        parts.add_attachment(ParsedAttachment(filename, content_type, bytes(item.data)))
    body = _text_of(tnef.body)
    if body:
        parts.plain.append(body.replace("\r\n", "\n"))
    elif tnef.htmlbody:
        parts.html.append(_text_of(tnef.htmlbody))


def _text_of(value: object) -> str:
    if isinstance(value, bytes):
        return decode_bytes(value.rstrip(b"\x00")).text
    return str(value).rstrip("\x00") if value else ""
