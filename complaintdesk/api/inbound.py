"""/api/v1/inbound/email: one raw RFC 5322 message, from an MTA pipe or a mail service."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from complaintdesk.intake.services import ingest

from .complaints import acting_staff

router = Router(tags=["email intake"])


@router.post(
    "/inbound/email",
    response={200: dict[str, Any], 201: dict[str, Any]},
    openapi_extra={
        "requestBody": {
            "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}}}
        }
    },
)
def inbound_email(request: HttpRequest) -> Status[dict[str, Any]]:
    acting_staff(request)
    if not request.body:
        return Status(200, {"status": "failed", "reason": "empty body"})
    outcome = ingest(request.body, source="api")
    body = {
        "status": outcome.kind,
        "reference": outcome.reference or None,
        "reason": outcome.reason or None,
    }
    return Status(201 if outcome.kind in ("complaint", "reply") else 200, body)
