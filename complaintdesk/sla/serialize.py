"""Deadline → API dict (the complaint JSON's ``deadlines`` entries)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .models import Deadline


def deadline_state(deadline: Deadline, now: datetime) -> str:
    """met, met_late, breached, paused, at_risk or pending."""
    if deadline.met_at is not None:
        return "met" if deadline.met_at <= deadline.due_at else "met_late"
    if deadline.breached_at is not None or (deadline.paused_at is None and deadline.due_at <= now):
        return "breached"
    if deadline.paused_at is not None:
        return "paused"
    return "at_risk" if deadline.warn_at <= now else "pending"


def deadline_out(deadline: Deadline, now: datetime) -> dict[str, Any]:
    """``timely`` is the regulator's flag: met (or still running) by the due time.
    ``seconds_left`` counts down while the clock runs; None once met or paused."""
    state = deadline_state(deadline, now)
    running = state in ("pending", "at_risk", "breached")
    return {
        "kind": deadline.kind,
        "due_at": deadline.due_at,
        "warn_at": deadline.warn_at,
        "state": state,
        "met_at": deadline.met_at,
        "seconds_left": int((deadline.due_at - now).total_seconds()) if running else None,
        "timely": state not in ("breached", "met_late"),
    }
