"""The v1 API: one NinjaAPI, one router per resource."""

from __future__ import annotations

from ninja import NinjaAPI

from . import (
    alerts,
    analytics,
    approvals,
    complaints,
    errors,
    escalations,
    inbound,
    promises,
    replies,
    staff,
)
from .auth import TokenAuth

api = NinjaAPI(
    title="complaintdesk API",
    version="1",
    description="Complaint handling: lifecycle, answer modes, promises, approvals, reply check.",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", complaints.router)
api.add_router("", approvals.router)
api.add_router("", staff.router)
api.add_router("", replies.router)
api.add_router("", inbound.router)
api.add_router("", analytics.router)
api.add_router("", promises.router)
api.add_router("", escalations.router)
api.add_router("", alerts.router)
