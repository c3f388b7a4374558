"""Business calendars as data: a BusinessCalendarConfig row → the pure BusinessCalendar.

The maths stays in calendar.py; this module only parses the stored JSON and
fetches public holidays from the ``holidays`` package by country/subdivision.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, time

from django.utils import timezone

from complaintdesk.accounts.models import Team

from .calendar import BusinessCalendar, Interval, holiday_dates
from .models import BusinessCalendarConfig, SlaPolicy

ALWAYS_OPEN = BusinessCalendar.always_open()
_YEARS_BACK, _YEARS_AHEAD = 1, 3


@functools.lru_cache(maxsize=64)
def _public_holidays(country: str, subdivision: str, years: tuple[int, ...]) -> frozenset[date]:
    return holiday_dates(country, subdivision or None, years)


def _intervals(raw: Iterable[Iterable[str]]) -> tuple[Interval, ...]:
    return tuple((time.fromisoformat(lo), time.fromisoformat(hi)) for lo, hi in raw)


def load_calendar(config: BusinessCalendarConfig) -> BusinessCalendar:
    """The pure calendar a config describes; empty weekly hours mean 24x7.

    Public holidays cover last year to three years ahead (deadlines further
    out are rare and merely ignore holidays). Raises ValueError on bad data.
    """
    year = timezone.now().year
    holidays: set[date] = {date.fromisoformat(d) for d in config.extra_holidays}
    if config.holiday_country:
        years = tuple(range(year - _YEARS_BACK, year + _YEARS_AHEAD + 1))
        holidays |= _public_holidays(config.holiday_country, config.holiday_subdivision, years)
    half_days = {date.fromisoformat(d): time.fromisoformat(t) for d, t in config.half_days.items()}
    if not config.weekly_hours:
        return BusinessCalendar(
            tz=config.tz,
            weekly_hours=BusinessCalendar.always_open().weekly_hours,
            holidays=frozenset(holidays),
            half_days=half_days,
        )
    weekly = {int(day): _intervals(spans) for day, spans in config.weekly_hours.items()}
    return BusinessCalendar(
        tz=config.tz, weekly_hours=weekly, holidays=frozenset(holidays), half_days=half_days
    )


def calendar_for(team: Team | None, policy: SlaPolicy | None = None) -> BusinessCalendar:
    """The policy's calendar, else the team's, else 24x7 in UTC."""
    config = None
    if policy is not None and policy.calendar_id is not None:
        config = policy.calendar
    elif team is not None and team.calendar_id is not None:
        config = team.calendar
    return load_calendar(config) if config is not None else ALWAYS_OPEN
