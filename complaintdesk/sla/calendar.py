"""Business-time maths: opening hours, holidays, half days and DST in one place.

ARCHITECTURE.md rule 8: instants are stored and returned in UTC, computed in the
calendar's zone. Exactly two pure functions do the maths,
:func:`add_business_time` and :func:`business_time_between`; everything else
(SLA targets, promises, reminders) builds on them.

Conventions, chosen once and used everywhere:

* **Intervals are half-open** ``[opens, closes)`` in local wall-clock time.
  ``time(0)`` as an *end* means 24:00 (the end of that day), so
  ``(time(0), time(0))`` is a whole day. Touching intervals (09-12, 12-18)
  are allowed; overlapping or inverted ones raise ``ValueError``.
* **DST**: every local day's wall-clock intervals are turned into UTC instants
  for that very day, so an interval lasts the real elapsed time (01:00-04:00
  in New York is 2 h on the spring-forward night and 4 h on the fall-back
  night). A boundary inside a *repeated* hour means its first occurrence
  (``fold=0``); a boundary inside a *skipped* hour means the instant the
  clocks jump. An interval lying wholly inside a skipped hour vanishes.
  Both rules keep wall→UTC monotonic, so intervals never overlap in UTC.
* **Where a count lands**: :func:`add_business_time` returns the instant from
  which the next unit of business time would be counted. It is never a
  closed instant: a count that ends exactly at closing time moves to the next
  opening, and adding zero outside hours gives the next opening. Hence
  ``business_time_between(s, add_business_time(s, d, c), c) == d`` for every
  ``s`` and additivity holds with zero durations too.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_package

Interval = tuple[time, time]
_Offsets = tuple[tuple[timedelta, timedelta], ...]
_Span = tuple[datetime, datetime]

_ZERO = timedelta(0)
_SECOND = timedelta(seconds=1)
_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)
_MIDNIGHT = time(0)


def _whole_week() -> dict[int, tuple[Interval, ...]]:
    return dict.fromkeys(range(7), ((_MIDNIGHT, _MIDNIGHT),))


def _since_midnight(moment: time) -> timedelta:
    return timedelta(
        hours=moment.hour,
        minutes=moment.minute,
        seconds=moment.second,
        microseconds=moment.microsecond,
    )


def _end_since_midnight(moment: time) -> timedelta:
    """An interval end of ``time(0)`` is 24:00, the end of the day."""
    return _DAY if moment == _MIDNIGHT else _since_midnight(moment)


def _load_zone(key: str) -> ZoneInfo:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:
        msg = f"unknown time zone {key!r}: expected an IANA key such as 'Europe/Athens'"
        raise ValueError(msg) from exc


def _validated_day(weekday: int, intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sort one weekday's intervals; refuse aware, empty, inverted or overlapping ones."""
    checked: list[tuple[timedelta, timedelta, Interval]] = []
    for opens, closes in intervals:
        if opens.tzinfo is not None or closes.tzinfo is not None:
            msg = f"weekday {weekday}: opening hours are local wall-clock times without tzinfo"
            raise ValueError(msg)
        lo, hi = _since_midnight(opens), _end_since_midnight(closes)
        if lo >= hi:
            msg = f"weekday {weekday}: interval {opens}-{closes} is empty or inverted"
            raise ValueError(msg)
        checked.append((lo, hi, (opens, closes)))
    checked.sort(key=lambda item: (item[0], item[1]))
    for (_, prev_hi, prev), (lo, _, nxt) in itertools.pairwise(checked):
        if lo < prev_hi:
            msg = f"weekday {weekday}: intervals {prev[0]}-{prev[1]} and {nxt[0]}-{nxt[1]} overlap"
            raise ValueError(msg)
    return tuple(interval for _, _, interval in checked)


def _validated_half_days(half_days: Mapping[date, time]) -> dict[date, time]:
    for day, cutoff in half_days.items():
        if isinstance(day, datetime) or not isinstance(day, date):
            raise ValueError(f"half day {day!r} must be a local date, not a datetime")
        if cutoff == _MIDNIGHT or cutoff.tzinfo is not None:
            msg = f"half day {day}: cut-off must be a naive time after 00:00 (use holidays)"
            raise ValueError(msg)
    return dict(half_days)


@dataclass(frozen=True)
class BusinessCalendar:
    """When the clock runs: weekly hours in a zone, minus holidays, cut short on half days.

    ``weekly_hours`` maps weekday (0 = Monday … 6 = Sunday) to local intervals;
    a missing weekday is closed. ``holidays`` are local dates with no hours
    (a holiday beats a half day). ``half_days`` map a local date to the time
    its business hours end. The default instance is open 24x7 in UTC.
    """

    tz: str = "UTC"
    weekly_hours: Mapping[int, tuple[Interval, ...]] = field(default_factory=_whole_week)
    holidays: frozenset[date] = frozenset()
    half_days: Mapping[date, time] = field(default_factory=dict)
    zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _week: tuple[_Offsets, ...] = field(init=False, repr=False, compare=False)
    _week_total: timedelta = field(init=False, repr=False, compare=False)
    _special_days: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = set(self.weekly_hours) - set(range(7))
        if unknown:
            raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday), got {sorted(unknown)}")
        hours = {d: _validated_day(d, self.weekly_hours.get(d, ())) for d in range(7)}
        week = tuple(
            tuple((_since_midnight(lo), _end_since_midnight(hi)) for lo, hi in hours[d])
            for d in range(7)
        )
        if any(isinstance(day, datetime) for day in self.holidays):
            raise ValueError("holidays must be local dates, not datetimes")
        half_days = _validated_half_days(self.half_days)
        set_ = object.__setattr__  # frozen: normalise once, at construction
        set_(self, "zone", _load_zone(self.tz))
        set_(self, "weekly_hours", MappingProxyType(hours))
        set_(self, "holidays", frozenset(self.holidays))
        set_(self, "half_days", MappingProxyType(half_days))
        set_(self, "_week", week)
        set_(self, "_week_total", sum((hi - lo for day in week for lo, hi in day), _ZERO))
        set_(self, "_special_days", tuple(sorted(self.holidays | set(half_days))))

    def __hash__(self) -> int:
        return hash((self.tz, self._week, self.holidays, tuple(sorted(self.half_days.items()))))

    @classmethod
    def always_open(cls, tz: str = "UTC") -> BusinessCalendar:
        """A 24x7 calendar in ``tz``: business time is elapsed time."""
        return cls(tz=tz, weekly_hours=_whole_week())


def holiday_dates(country: str, subdivision: str | None, years: Iterable[int]) -> frozenset[date]:
    """Public holidays (observed days included) from the ``holidays`` package.

    Raises ``ValueError`` for a country or subdivision the package lacks.
    China's make-up working weekends are not modelled: they are not holidays.
    """
    try:
        found = holidays_package.country_holidays(country, subdiv=subdivision, years=list(years))
    except NotImplementedError as exc:
        msg = f"no public-holiday data for country {country!r}, subdivision {subdivision!r}"
        raise ValueError(msg) from exc
    return frozenset(found.keys())


def _require_utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {moment!r}")
    return moment.astimezone(UTC)


def _jump_instant(local: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant the clocks jumped over the skipped wall time ``local``.

    ``fold=1`` maps a skipped time before the jump and ``fold=0`` after it;
    bisect between them on whole seconds (tzdata transitions are whole seconds).
    """
    before = local.replace(fold=1).astimezone(UTC).replace(microsecond=0)
    after = local.replace(fold=0).astimezone(UTC)
    new_offset = after.astimezone(zone).utcoffset()
    lo, hi = 0, -int(-(after - before) // _SECOND)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (before + mid * _SECOND).astimezone(zone).utcoffset() == new_offset:
            hi = mid
        else:
            lo = mid
    return before + hi * _SECOND


def _wall_to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """Local wall time in ``zone`` (``fold=0``) to UTC: first occurrence, or the jump if skipped."""
    instant = local.astimezone(UTC)
    # Same tzinfo on both sides: == compares wall-clock fields only.
    if instant.astimezone(zone) == local:
        return instant
    return _jump_instant(local, zone)


def _midnight(calendar: BusinessCalendar, day: date) -> datetime:
    return datetime.combine(day, _MIDNIGHT, tzinfo=calendar.zone)


def _day_spans(calendar: BusinessCalendar, day: date) -> list[_Span]:
    """The UTC spans of business time on one local day, sorted and non-empty."""
    if day in calendar.holidays:
        return []
    cutoff = calendar.half_days.get(day)
    limit = _DAY if cutoff is None else _since_midnight(cutoff)
    zone = calendar.zone
    midnight = _midnight(calendar, day)
    offset = midnight.utcoffset()
    # Fast path: one UTC offset from this midnight to the next means every wall
    # time of the day exists once (zones never change offset and back within a day).
    steady = offset is not None and offset == (midnight + _DAY).utcoffset()
    base = datetime.combine(day, _MIDNIGHT, tzinfo=UTC) - (offset or _ZERO)
    spans: list[_Span] = []
    for lo, hi in calendar._week[day.weekday()]:
        hi = min(hi, limit)
        if lo >= hi:
            continue
        if steady:
            spans.append((base + lo, base + hi))
            continue
        opens, closes = _wall_to_utc(midnight + lo, zone), _wall_to_utc(midnight + hi, zone)
        if opens < closes:
            spans.append((opens, closes))
    return spans


def _plain_week(calendar: BusinessCalendar, first: date) -> bool:
    """Whether the 7 local days from ``first`` hold exactly the weekly pattern.

    True when none is a holiday or half day and the UTC offset is the same at
    all eight midnights, so the wall-clock weekly total is the real total.
    """
    special = calendar._special_days
    index = bisect.bisect_left(special, first)
    if index < len(special) and special[index] < first + _WEEK:
        return False
    midnight = _midnight(calendar, first)
    offset = midnight.utcoffset()
    return all((midnight + k * _DAY).utcoffset() == offset for k in range(1, 8))


def add_business_time(start: datetime, duration: timedelta, calendar: BusinessCalendar) -> datetime:
    """The UTC instant when ``duration`` of business time has run from ``start``.

    ``start`` must be aware and ``duration`` non-negative (else ``ValueError``).
    Counting begins at ``start`` if the calendar is open then, else at the
    next opening. The result is never a closed instant: a count ending exactly
    at closing time, or zero added outside hours, gives the next opening.
    Whole plain weeks are skipped arithmetically, so long durations are cheap.
    Raises ``ValueError`` for a calendar with no weekly hours at all.
    """
    cursor = _require_utc(start, "start")
    if duration < _ZERO:
        raise ValueError(f"duration must not be negative, got {duration}")
    week_total = calendar._week_total
    if week_total == _ZERO:
        raise ValueError("the calendar has no business hours, so no deadline can be reached")
    remaining = duration
    day = cursor.astimezone(calendar.zone).date()
    first_day = True
    while True:
        # Never skip the start's own day: part of it may lie before ``cursor``.
        if not first_day and remaining >= week_total and _plain_week(calendar, day):
            remaining -= week_total
            day += _WEEK
            continue
        for opens, closes in _day_spans(calendar, day):
            if closes <= cursor:
                continue
            opens = max(opens, cursor)
            if remaining < closes - opens:
                return opens + remaining
            remaining -= closes - opens
        first_day = False
        day += _DAY


def business_time_between(a: datetime, b: datetime, calendar: BusinessCalendar) -> timedelta:
    """Business time in ``[a, b)``; ``-business_time_between(b, a)`` when ``b < a``.

    Both instants must be aware (else ``ValueError``). The sign convention
    makes the result additive: between(a, b) + between(b, c) == between(a, c).
    A calendar with no hours gives zero.
    """
    lo, hi = _require_utc(a, "a"), _require_utc(b, "b")
    if hi < lo:
        return -business_time_between(b, a, calendar)
    total = _ZERO
    day = lo.astimezone(calendar.zone).date()
    first_day = True
    while first_day or _wall_to_utc(_midnight(calendar, day), calendar.zone) < hi:
        if (
            not first_day
            and _wall_to_utc(_midnight(calendar, day + _WEEK), calendar.zone) <= hi
            and _plain_week(calendar, day)
        ):
            total += calendar._week_total
            day += _WEEK
            continue
        for opens, closes in _day_spans(calendar, day):
            overlap = min(closes, hi) - max(opens, lo)
            if overlap > _ZERO:
                total += overlap
        first_day = False
        day += _DAY
    return total
