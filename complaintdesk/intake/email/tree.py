"""A flat view of every MIME leaf, for diagnostics and corpus acceptance tests.

Unlike ``parse_email``, this walks into embedded messages (also base64- or
quoted-printable-encoded ones), numbering parts like Apache mime4j: a message
adds ``1`` to the path, the n-th body part of a multipart adds ``n``.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

from complaintdesk.intake.email.body import flatten
from complaintdesk.intake.email.mime import children, parse_message, part_info, payload_bytes

__all__ = ["MimeLeaf", "mime_leaves"]

_MAX_DEPTH = 40


@dataclass(frozen=True, slots=True)
class MimeLeaf:
    """One leaf: its path ("1_2_1"), content type and transfer-decoded bytes."""

    path: str
    content_type: str
    content: bytes


def mime_leaves(raw: bytes) -> list[MimeLeaf]:
    """Every leaf of ``raw`` in document order; never raises on malformed mail."""
    defects: list[str] = []
    leaves: list[MimeLeaf] = []
    _entity(parse_message(raw, defects), ("1",), leaves, defects)
    return leaves


def _entity(
    part: Message, path: tuple[str, ...], leaves: list[MimeLeaf], defects: list[str]
) -> None:
    if len(path) > _MAX_DEPTH:
        return
    info = part_info(part)
    subparts = children(part)
    if info.content_type.startswith("multipart/") and isinstance(part.get_payload(), list):
        for index, child in enumerate(subparts, start=1):
            _entity(child, (*path, str(index)), leaves, defects)
    elif info.content_type == "message/rfc822" and subparts:
        inner = subparts[0]
        if info.encoding in {"base64", "quoted-printable"}:
            carrier = Message()
            carrier.set_payload(flatten(inner).lstrip(b"\r\n").decode("ascii", "surrogateescape"))
            inner = parse_message(payload_bytes(carrier, info, defects), defects)
        _entity(inner, (*path, "1"), leaves, defects)
    else:
        content = payload_bytes(part, info, defects)
        leaves.append(MimeLeaf("_".join(path), info.content_type, content))
