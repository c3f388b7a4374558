"""Pure email parsing for intake: no models, no database.

``parse_email`` turns raw bytes into a ``ParsedEmail``; ``classify_noise``
tells auto-replies, bulk mail, bounces and feedback reports from genuine
messages; ``addresses`` normalises addresses and finds complaint references.
"""

from __future__ import annotations

from complaintdesk.intake.email.addresses import base_address, extract_reference, normalise_address
from complaintdesk.intake.email.noise import bounced_message_id, bounced_recipient, classify_noise
from complaintdesk.intake.email.parse import parse_email
from complaintdesk.intake.email.result import ParsedAttachment, ParsedEmail

__all__ = [
    "ParsedAttachment",
    "ParsedEmail",
    "base_address",
    "bounced_message_id",
    "bounced_recipient",
    "classify_noise",
    "extract_reference",
    "normalise_address",
    "parse_email",
]
