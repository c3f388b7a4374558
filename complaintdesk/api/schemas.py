"""Request and response shapes of the public API (API.md)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import BaseModel, EmailStr, Field

Language = Literal["en", "zh-hans", "zh-hant", "el"]
ChannelName = Literal["email", "web", "phone", "face_to_face", "letter", "api", "survey"]


class Out(BaseModel):
    """A response built as a plain dict by api.serialize: validated by pydantic directly,
    without ninja's attribute-lookup layer (a tenth of a list page's time)."""


RemedyKindName = Literal["apology", "repair", "replacement", "refund", "voucher", "gift", "other"]


class CustomerIn(Schema):
    name: str = Field("", max_length=200)
    email: EmailStr | None = None
    phone: str = Field("", max_length=40)
    external_id: str = Field("", max_length=100)
    organisation: str = Field("", max_length=200)


class ComplaintIn(Schema):
    customer: CustomerIn
    channel: ChannelName
    subject: str = Field(..., min_length=1, max_length=300)
    description: str = Field(..., min_length=1, max_length=100_000)
    category: str = ""
    product: str = Field("", max_length=200)
    order_ref: str = Field("", max_length=100)
    expectation: str = Field("", max_length=20_000)
    language: Language | None = None
    team: str = ""
    priority: Literal["low", "normal", "high", "urgent"] = "normal"


class CustomerOut(Out):
    id: int
    name: str
    email: str
    phone: str
    external_id: str
    preferred_language: str


class DeadlineOut(Out):
    kind: str
    due_at: datetime
    warn_at: datetime | None = None
    state: str
    met_at: datetime | None = None
    seconds_left: int | None = None
    timely: bool | None = None


class ComplaintOut(Out):
    reference: str
    status: str
    priority: str
    severity: str
    channel: str
    subject: str
    description: str
    expectation: str
    category: str | None
    product: str
    order_ref: str
    language: str
    assignee: str | None
    team: str | None
    transfer_count: int
    escalation_level: int
    outcome: str
    created_at: datetime
    updated_at: datetime
    deadlines: list[DeadlineOut]
    customer: CustomerOut


class MessageOut(Out):
    id: int
    direction: str
    channel: str
    text: str
    quoted_text: str
    html: str
    author: str | None
    created_at: datetime
    findings: list[dict[str, Any]]


class PromiseOut(Out):
    id: int
    kind: str
    description: str
    owner: str | None
    internal_due_at: datetime
    promised_at: datetime
    warn_at: datetime
    status: str
    update_channel: str


class WarningOut(Out):
    code: str
    detail: dict[str, Any] = {}


class ComplaintDetailOut(ComplaintOut):
    messages: list[MessageOut]
    promises: list[PromiseOut]
    warnings: list[WarningOut]
    tracking_url: str
    remedies: list[dict[str, Any]]
    resolution_summary: str


class ComplaintPage(Out):
    items: list[ComplaintOut]
    next_cursor: str | None


class AlertOut(Out):
    id: int
    kind: str
    complaint: str
    text: str
    created_at: datetime
    read_at: datetime | None


class AlertPage(Out):
    items: list[AlertOut]
    next_cursor: str | None


class AlertsMarkedOut(Out):
    marked: int


class EventOut(Out):
    id: int
    at: datetime
    actor: str
    kind: str
    detail: dict[str, Any]


class StatusIn(Schema):
    status: str
    reason: str = ""


class ResponseIn(Schema):
    mode: Literal["immediate", "deferred", "transfer"]
    message: str = Field("", max_length=50_000)
    answer_by: datetime | None = None
    update_channel: Literal["email", "phone", "sms", "portal", "visit"] | None = None
    to_team: str | None = None
    to_user: str | None = None
    handover_summary: str | None = None
    override_reason: str = ""


class ResponseOut(Schema):
    mode: str
    complaint: ComplaintOut
    message_id: int | None
    promise: PromiseOut | None
    findings: list[dict[str, Any]]
    elements: list[str]
    verdict: str
    warnings: list[WarningOut]


class RemedyIn(Schema):
    kind: RemedyKindName
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("", max_length=3)
    description: str = ""


class ResolveIn(Schema):
    summary: str = Field(..., min_length=1)
    remedies: list[RemedyIn] = []


class DecisionIn(Schema):
    reason: str = ""


class ApprovalOut(Schema):
    id: int
    complaint: str
    status: str
    remedies: list[dict[str, Any]]
    requested_by: str
    decided_by: str | None
    reason: str


class PromiseIn(Schema):
    description: str = Field(..., min_length=1)
    internal_estimate: timedelta | None = None
    due_at: datetime | None = None
    kind: Literal["answer", "callback", "visit", "shipment", "meeting", "other"] = "other"


class TeamIn(Schema):
    slug: str = Field(..., pattern=r"^[-a-z0-9_]+$", max_length=50)
    name: str = Field(..., min_length=1, max_length=120)


class TeamOut(Schema):
    slug: str
    name: str


class AuthorityIn(Schema):
    remedies: list[RemedyKindName] = []
    max_amount: Decimal = Field(Decimal("0"), ge=0)
    currency: str = Field("EUR", min_length=3, max_length=3)


class StaffIn(Schema):
    username: str = Field(..., min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")
    password: str = Field(..., min_length=8)
    email: EmailStr | None = None
    role: Literal["agent", "supervisor", "manager", "admin"]
    teams: list[str] = []
    authority: AuthorityIn | None = None


class StaffOut(Schema):
    username: str
    email: str
    role: str
    teams: list[str]


class ReplyCheckIn(Schema):
    text: str = Field(..., max_length=50_000)
    language: str | None = None
    team: str | None = None


class PromiseKeptIn(Schema):
    note: str = ""


class RenegotiateIn(Schema):
    new_due_at: datetime
    reason: str = Field(..., min_length=1)


class PromiseStatsOut(Schema):
    agents: dict[str, dict[str, int]]
    teams: dict[str, dict[str, int]]


class PromisePage(Schema):
    items: list[PromiseOut]
    next_cursor: str | None


class EscalationIn(Schema):
    step: Literal["change_person", "change_place", "change_time"]
    reason: str = Field(..., min_length=1)
    to_user: str = ""
    place: str = ""
    meeting_at: datetime | None = None


class EscalationOut(Schema):
    step: str
    level: int
    complaint: ComplaintOut
    promise: PromiseOut | None
