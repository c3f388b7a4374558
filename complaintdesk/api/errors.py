"""Domain errors → the HTTP answers API.md fixes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from complaintdesk.complaints.errors import (
    InvalidInput,
    NeedsApproval,
    NotAllowed,
    ReplyBlocked,
    TransitionNotAllowed,
)


def field_error(api: NinjaAPI, request: HttpRequest, field: str, msg: str) -> HttpResponse:
    loc = ["body", "payload", *field.split(".")]
    return api.create_response(request, {"detail": [{"loc": loc, "msg": msg}]}, status=422)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(InvalidInput)
    def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
        return field_error(api, request, exc.field, exc.message)

    @api.exception_handler(TransitionNotAllowed)
    def transition(request: HttpRequest, exc: TransitionNotAllowed) -> HttpResponse:
        body = {"detail": str(exc), "allowed": list(exc.allowed), "status": exc.current}
        return api.create_response(request, body, status=409)

    @api.exception_handler(NeedsApproval)
    def needs_approval(request: HttpRequest, exc: NeedsApproval) -> HttpResponse:
        body = {"detail": "needs_approval", "approval_id": exc.approval_id}
        return api.create_response(request, body, status=403)

    @api.exception_handler(NotAllowed)
    def not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=403)

    @api.exception_handler(ReplyBlocked)
    def reply_blocked(request: HttpRequest, exc: ReplyBlocked) -> HttpResponse:
        body = {
            "detail": [
                {
                    "loc": ["body", "payload", "override_reason"],
                    "msg": "The reply coach blocked this message; "
                    "change it or give an override reason",
                }
            ],
            "findings": exc.findings,
        }
        return api.create_response(request, body, status=422)
