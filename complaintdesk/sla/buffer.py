"""The under-promise buffer (DOMAIN.md §5): if the work takes 1 hour, promise 90 minutes.

The customer hears a padded time rounded up to a time a person would say
(a quarter hour in the calendar's local time); the team works to the
unpadded internal deadline, so the promise is normally kept early.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from complaintdesk.sla.calendar import BusinessCalendar, add_business_time

QUARTER_HOUR = timedelta(minutes=15)
DEFAULT_BUFFER_RATIO = 0.5
_DAY = timedelta(days=1)


def promised_time(
    start: datetime,
    internal_estimate: timedelta,
    calendar: BusinessCalendar,
    buffer_ratio: float = DEFAULT_BUFFER_RATIO,
    round_to: timedelta = QUARTER_HOUR,
) -> tuple[datetime, datetime]:
    """Return ``(internal_due_at, promised_at)``, both aware UTC.

    ``internal_due_at`` is ``internal_estimate`` of business time after
    ``start``; ``promised_at`` is ``internal_estimate * (1 + buffer_ratio)``
    of business time after ``start``, rounded up to the next multiple of
    ``round_to`` past local midnight (an instant already on that grid stays).
    The rounding is in wall-clock time and may land after closing time: "by
    18:00" is still a time a person would say. Raises ``ValueError`` for a
    negative or non-finite ratio, a ``round_to`` that does not divide a day,
    and whatever :func:`add_business_time` refuses (naive ``start``, negative
    estimate, calendar with no hours).
    """
    if not math.isfinite(buffer_ratio) or buffer_ratio < 0:
        raise ValueError(f"buffer_ratio must be a finite number >= 0, got {buffer_ratio}")
    if round_to <= timedelta(0) or _DAY % round_to:
        raise ValueError(f"round_to must be positive and divide a day evenly, got {round_to}")
    internal_due_at = add_business_time(start, internal_estimate, calendar)
    padded_at = add_business_time(start, internal_estimate * (1 + buffer_ratio), calendar)
    return internal_due_at, _round_up_local(padded_at, calendar, round_to)


def _round_up_local(instant: datetime, calendar: BusinessCalendar, step: timedelta) -> datetime:
    """Round ``instant`` up to the next ``step`` of local wall-clock time, in UTC.

    In a repeated hour (fall back) the rounded time keeps the occurrence of
    ``instant`` so it never moves backwards; if it lands in a skipped hour
    (spring forward) it moves on to the first wall time that exists.
    """
    local = instant.astimezone(calendar.zone)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, fold=0)
    # Aware datetimes sharing a tzinfo subtract as wall-clock times.
    steps = -(-(local - midnight) // step)
    rounded = (midnight + steps * step).replace(fold=local.fold)
    while rounded.astimezone(UTC).astimezone(calendar.zone) != rounded:
        rounded += step
    return rounded.astimezone(UTC)
