"""Choosing the SLA policy of a complaint: ordered conditions, first match wins."""

from __future__ import annotations

from datetime import timedelta

from django.utils.dateparse import parse_duration

from complaintdesk.complaints.models import Complaint
from complaintdesk.lib import rows

from .models import SlaPolicy

DEFAULT_BUFFER_RATIO = 0.5


def _matches(policy: SlaPolicy, complaint: Complaint, tier: str) -> bool:
    return (
        (policy.category_id is None or policy.category_id == complaint.category_id)
        and policy.priority in ("", complaint.priority)
        and policy.channel in ("", complaint.channel)
        and policy.customer_tier in ("", tier)
    )


def policy_for(complaint: Complaint) -> SlaPolicy | None:
    """The first active policy (by ``order``, then id) whose conditions all match."""
    tier = complaint.customer.tier if complaint.customer_id else ""
    for policy in rows.select(SlaPolicy, "active = %s", [True]):
        if _matches(policy, complaint, tier):
            return policy
    return None


def target_for(policy: SlaPolicy, priority: str, clock: str) -> timedelta | None:
    """The policy's target for a clock at a priority ("*" is the fallback), or None."""
    for key in (priority, "*"):
        raw = policy.targets.get(key, {}).get(clock)
        if raw:
            duration = parse_duration(str(raw))
            if duration is None or duration <= timedelta(0):
                raise ValueError(f"policy {policy.name}: bad {clock} target {raw!r}")
            return duration
    return None
