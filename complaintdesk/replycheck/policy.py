"""The reply coach as the rest of the product calls it: engine + the team's policy +
the complaint's record (T6 comes from the record, not from the text)."""

from __future__ import annotations

from typing import Any

from complaintdesk.complaints.models import Complaint
from complaintdesk.sla.selectors import filter_breached

from .engine import Finding, check_reply, make_finding
from .models import TeamReplyPolicy


def team_severities(team_id: int | None) -> dict[str, str]:
    if team_id is None:
        return {}
    policy = TeamReplyPolicy.objects.filter(team_id=team_id).only("severities").first()
    return dict(policy.severities) if policy else {}


def record_findings(complaint_id: int | None, text: str, language: str) -> list[Finding]:
    """T6 when the complaint has a broken promise or a missed deadline (DOMAIN.md §7.6)."""
    if complaint_id is None:
        return []
    if not filter_breached(Complaint.objects.filter(pk=complaint_id), True).exists():
        return []
    return [make_finding("T6", 0, 0, text, language)]


def check_outgoing(
    *,
    text: str,
    language: str | None,
    team_id: int | None,
    ui_language: str | None = None,
    complaint_id: int | None = None,
) -> dict[str, Any]:
    """Check a reply before it leaves; returns the API.md "Reply check" JSON."""
    result = check_reply(
        text,
        language=language,
        ui_language=ui_language,
        severity_overrides=team_severities(team_id),
        record_findings=record_findings(complaint_id, text, language or "en"),
    )
    return result.to_dict()
