"""Warnings shown on a complaint, derived from its record."""

from __future__ import annotations

from typing import Any

from complaintdesk.sla.models import PromiseStatus

from .answering import PASSED_AROUND_AFTER
from .models import Complaint


def warnings_for(complaint: Complaint) -> list[dict[str, Any]]:
    """Codes: passed_around (transferred more than once), broken_promise."""
    found: list[dict[str, Any]] = []
    if complaint.transfer_count > PASSED_AROUND_AFTER:
        found.append({"code": "passed_around", "detail": {"transfers": complaint.transfer_count}})
    broken = [p.pk for p in complaint.promises.all() if p.status == PromiseStatus.BROKEN]
    if broken:
        found.append({"code": "broken_promise", "detail": {"promises": broken}})
    return found
