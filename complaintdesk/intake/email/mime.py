"""Per-part MIME access that survives malformed input.

The tree comes from the stdlib parser with ``email.policy.default``; the
Content-* headers of each part are re-read through a compat32 view built from
the raw header text, which tolerates what the modern header registry rejects
and lets us apply our own charset mapping to RFC 2231/2047 parameters.
"""

from __future__ import annotations

import binascii
import re
from email import policy
from email.message import Message
from email.parser import BytesParser

from complaintdesk.intake.email.charsets import decode_bytes, decode_header_text

__all__ = [
    "PartInfo",
    "children",
    "parse_message",
    "part_info",
    "payload_bytes",
    "raw_header",
]

_MODERN = BytesParser(policy=policy.default)
_COMPAT = BytesParser(policy=policy.compat32)
_VIEW_HEADERS = frozenset(
    {
        "content-type",
        "content-disposition",
        "content-transfer-encoding",
        "content-id",
        "content-description",
    }
)
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_BASE64_NOISE = re.compile(rb"[^A-Za-z0-9+/=\r\n]")
_LINE_END_SPACE = re.compile(rb"[ \t]+(?=\r?\n|$)")
_NON_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
_PADDING = re.compile(rb"=+")
_UU_CODINGS = frozenset({"x-uuencode", "uuencode", "x-uue", "uue"})
_TEXT_CODINGS = frozenset({"", "7bit", "8bit", "binary", "7-bit", "8-bit"})
_KNOWN_CODINGS = _TEXT_CODINGS | _UU_CODINGS | {"quoted-printable", "base64"}
_PATH_SEPARATORS = re.compile(r"[\\/]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_message(raw: bytes, defects: list[str]) -> Message:
    """Parse ``raw`` into a tree: modern policy first, compat32 if it raises."""
    try:
        return _MODERN.parsebytes(raw)
    except Exception as exc:  # any parser bug must fall back, not lose mail
        defects.append(f"modern parser failed ({type(exc).__name__}); used compat32")
        return _COMPAT.parsebytes(raw)


def raw_header(part: Message, name: str) -> str | None:
    """The first raw value of header ``name`` (folding removed), or None."""
    wanted = name.lower()
    for key, value in part.raw_items():
        if key.lower() == wanted:
            return _FOLD.sub("", str(value))
    return None


def children(part: Message) -> list[Message]:
    """Sub-parts of a multipart or message/* part; [] for leaves."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [item for item in payload if isinstance(item, Message)]
    return []


class PartInfo:
    """Content metadata of one part, decoded and normalised."""

    __slots__ = (
        "charset",
        "content_id",
        "content_type",
        "description",
        "disposition",
        "encoding",
        "filename",
    )

    def __init__(
        self,
        *,
        content_type: str,
        charset: str | None,
        disposition: str | None,
        filename: str | None,
        content_id: str | None,
        encoding: str,
        description: str | None = None,
    ) -> None:
        self.content_type = content_type
        self.charset = charset
        self.disposition = disposition
        self.filename = filename
        self.content_id = content_id
        self.encoding = encoding
        self.description = description


def _compat_view(part: Message, hint: str | None) -> Message:
    view = Message(policy=policy.compat32)
    for key, value in part.raw_items():
        lowered = key.lower()
        if lowered in _VIEW_HEADERS and lowered not in view:
            text = _FOLD.sub("", str(value))
            if not text.isascii():
                text = decode_bytes(text.encode("utf-8", "surrogateescape"), None, hint).text
            view[key] = text
    return view


def part_info(part: Message, hint: str | None = None) -> PartInfo:
    """Metadata of ``part``; never raises on malformed Content-* headers."""
    view = _compat_view(part, hint)
    content_type = view.get_content_type() if "content-type" in view else part.get_default_type()
    charset = view.get_param("charset")
    raw_id = view.get("content-id")
    content_id = str(raw_id).strip().strip("<>").strip() if raw_id else ""
    return PartInfo(
        content_type=content_type,
        charset=charset if isinstance(charset, str) else None,
        disposition=view.get_content_disposition(),
        filename=_filename(view, hint),
        content_id=content_id or None,
        encoding=str(view.get("content-transfer-encoding", "")).strip().lower(),
        description=_description(view, hint),
    )


def _description(view: Message, hint: str | None) -> str | None:
    raw = view.get("content-description")
    return safe_filename(decode_header_text(str(raw), hint)) if raw else None


def _filename(view: Message, hint: str | None) -> str | None:
    value = view.get_param("filename", header="content-disposition")
    if value is None:
        value = view.get_param("name")
    if value is None:
        return None
    if isinstance(value, tuple):
        # RFC 2231: (charset, language, percent-decoded text holding the raw bytes)
        charset, _language, text = value
        data = str(text).encode("latin-1", "surrogateescape")
        name = decode_bytes(data, charset or None, hint).text
    else:
        name = decode_header_text(value, hint)
    return safe_filename(name)


def safe_filename(name: str) -> str | None:
    """Strip directories and control characters; None if nothing is left."""
    base = _PATH_SEPARATORS.split(name)[-1]
    cleaned = _CONTROL.sub("", base).strip().strip(".")
    return cleaned or None


def payload_bytes(part: Message, info: PartInfo, defects: list[str]) -> bytes:
    """The transfer-decoded content of a leaf part, repaired where broken.

    Bad base64 padding and stray characters are tolerated; base64 that is
    plainly not base64 (prose) is returned as it stands; unknown transfer
    encodings are treated as 8bit. Each repair appends to ``defects``.
    """
    payload = part.get_payload()
    if not isinstance(payload, str):
        return b""
    encoding = info.encoding
    if encoding == "base64":
        # get_payload() is ASCII here; any 8-bit residue is noise to base64.
        return _base64(payload.encode("utf-8", "surrogateescape"), defects)
    if encoding not in _KNOWN_CODINGS:
        defects.append(f"unknown transfer encoding {encoding!r} treated as 8bit")
    # decode=True works on the raw bytes; get_payload() alone would decode 8-bit
    # text with the declared charset and replace what does not fit.
    decoded = part.get_payload(decode=True)
    return decoded if isinstance(decoded, bytes) else payload.encode("utf-8", "surrogateescape")


def _base64(data: bytes, defects: list[str]) -> bytes:
    # Spaces inside lines and punctuation never occur in base64: that is prose.
    noise = len(_BASE64_NOISE.findall(_LINE_END_SPACE.sub(b"", data)))
    if noise > max(2, len(data) // 100):
        defects.append("content labelled base64 is not base64; kept as text")
        return data
    # Some senders concatenate separately padded base64 blocks; decode each.
    out: list[bytes] = []
    for chunk in _PADDING.split(data):
        cleaned = _NON_BASE64.sub(b"", chunk)
        if len(cleaned) % 4 == 1:
            cleaned = cleaned[:-1]
            defects.append("base64 with a dangling character repaired")
        if not cleaned:
            continue
        if len(cleaned) % 4:
            defects.append("base64 padding repaired")
            cleaned += b"=" * (-len(cleaned) % 4)
        try:
            out.append(binascii.a2b_base64(cleaned))
        except binascii.Error:
            defects.append("undecodable base64 block dropped")
    return b"".join(out)
