"""The reply coach as the rest of the product calls it: engine + the team's policy."""

from __future__ import annotations

from typing import Any

from .engine import check_reply
from .models import TeamReplyPolicy


def team_severities(team_id: int | None) -> dict[str, str]:
    if team_id is None:
        return {}
    policy = TeamReplyPolicy.objects.filter(team_id=team_id).only("severities").first()
    return dict(policy.severities) if policy else {}


def check_outgoing(
    *, text: str, language: str | None, team_id: int | None, ui_language: str | None = None
) -> dict[str, Any]:
    """Check a reply before it leaves; returns the API.md "Reply check" JSON."""
    result = check_reply(
        text,
        language=language,
        ui_language=ui_language,
        severity_overrides=team_severities(team_id),
    )
    return result.to_dict()
