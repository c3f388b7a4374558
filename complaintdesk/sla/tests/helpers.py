"""Shared set-up for the SLA tests: policies, calendars and the clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from complaintdesk.accounts.models import Team
from complaintdesk.sla.models import BusinessCalendarConfig, SlaPolicy

ATHENS = ZoneInfo("Europe/Athens")
T0 = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # a Monday


def office_hours(team: Team, tz: str = "Europe/Athens") -> BusinessCalendarConfig:
    """Mon–Fri 09:00–18:00 in ``tz``, attached to ``team``."""
    config = BusinessCalendarConfig.objects.create(
        name=f"office-{team.slug}",
        tz=tz,
        weekly_hours={str(d): [["09:00", "18:00"]] for d in range(5)},
    )
    Team.objects.filter(pk=team.pk).update(calendar=config)
    return config


def only_policy(**fields: Any) -> SlaPolicy:
    """Make this the one active policy (the migration's Standard one steps aside)."""
    SlaPolicy.objects.update(active=False)
    return SlaPolicy.objects.create(name=fields.pop("name", "test"), order=1, **fields)
