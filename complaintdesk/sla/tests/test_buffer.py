"""The under-promise buffer (DOMAIN.md §5): promise 90 minutes for an hour's work."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintdesk.sla.buffer import promised_time
from complaintdesk.sla.calendar import BusinessCalendar, add_business_time

ATHENS = "Europe/Athens"
NEW_YORK = "America/New_York"
HOUR = timedelta(hours=1)
OFFICE = BusinessCalendar(tz=ATHENS, weekly_hours=dict.fromkeys(range(5), ((time(9), time(18)),)))


def at(tz: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(tz))


def test_one_hour_estimate_is_promised_as_ninety_minutes_rounded_up() -> None:
    calendar = BusinessCalendar.always_open(ATHENS)
    internal, promised = promised_time(at(ATHENS, 2025, 6, 2, 10, 7), HOUR, calendar)
    assert internal == at(ATHENS, 2025, 6, 2, 11, 7)
    assert promised == at(ATHENS, 2025, 6, 2, 11, 45)
    assert internal.tzinfo is UTC
    assert promised.tzinfo is UTC


def test_exact_quarter_hours_stay() -> None:
    calendar = BusinessCalendar()
    internal, promised = promised_time(at("UTC", 2025, 6, 2, 10), HOUR, calendar)
    assert (internal, promised) == (at("UTC", 2025, 6, 2, 11), at("UTC", 2025, 6, 2, 11, 30))


def test_buffer_with_business_hours_crosses_the_night() -> None:
    thursday = at(ATHENS, 2025, 3, 13, 16, 52)
    internal, promised = promised_time(thursday, HOUR, OFFICE)
    assert internal == at(ATHENS, 2025, 3, 13, 17, 52)
    # 68 minutes until closing, the other 22 on Friday morning.
    assert promised == at(ATHENS, 2025, 3, 14, 9, 30)


def test_rounding_follows_the_local_clock() -> None:
    calendar = BusinessCalendar.always_open("Asia/Kolkata")  # UTC+05:30
    start = at("Asia/Kolkata", 2025, 6, 2, 10, 7)
    _, promised = promised_time(start, HOUR, calendar, round_to=HOUR)
    assert promised == at("Asia/Kolkata", 2025, 6, 2, 12)


def test_rounding_up_crosses_midnight() -> None:
    start = at(ATHENS, 2025, 6, 2, 23, 40)
    _, promised = promised_time(start, HOUR / 6, BusinessCalendar.always_open(ATHENS))
    assert promised == at(ATHENS, 2025, 6, 3, 0, 0)


def test_zero_buffer_only_rounds() -> None:
    start = at(ATHENS, 2025, 6, 2, 10, 7)
    internal, promised = promised_time(start, HOUR, OFFICE, buffer_ratio=0)
    assert (internal, promised) == (at(ATHENS, 2025, 6, 2, 11, 7), at(ATHENS, 2025, 6, 2, 11, 15))


def test_rounding_in_repeated_hour_keeps_the_occurrence() -> None:
    calendar = BusinessCalendar.always_open(NEW_YORK)
    start = datetime(2025, 11, 2, 5, 7, tzinfo=UTC)  # 01:07 EDT, before falling back
    internal, promised = promised_time(start, HOUR, calendar)
    assert internal == datetime(2025, 11, 2, 6, 7, tzinfo=UTC)  # 01:07 EST
    assert promised == datetime(2025, 11, 2, 6, 45, tzinfo=UTC)  # 01:45 EST, not EDT


def test_rounding_into_skipped_hour_moves_to_the_jump() -> None:
    calendar = BusinessCalendar.always_open(NEW_YORK)
    start = datetime(2025, 3, 9, 5, 22, tzinfo=UTC)  # padded lands on 01:52 EST
    _, promised = promised_time(start, HOUR, calendar)
    assert promised == at(NEW_YORK, 2025, 3, 9, 3)  # 02:00 never happens


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"buffer_ratio": -0.1}, "buffer_ratio"),
        ({"buffer_ratio": float("nan")}, "buffer_ratio"),
        ({"round_to": timedelta(0)}, "round_to"),
        ({"round_to": timedelta(minutes=7)}, "round_to"),
    ],
)
def test_invalid_buffer_settings_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        promised_time(at(ATHENS, 2025, 6, 2, 10), HOUR, OFFICE, **kwargs)  # type: ignore[arg-type]


def test_naive_start_is_refused() -> None:
    naive = datetime(2025, 6, 2, 10, tzinfo=UTC).replace(tzinfo=None)
    with pytest.raises(ValueError, match="aware"):
        promised_time(naive, HOUR, OFFICE)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["UTC", ATHENS, NEW_YORK, "Asia/Shanghai", "Asia/Kolkata"]),
    st.integers(0, 365 * 24 * 3600).map(
        lambda s: datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=s)
    ),
    st.integers(0, 40 * 60).map(lambda m: timedelta(minutes=m)),
    st.sampled_from([0.0, 0.25, 0.5, 1.0]),
)
def test_promise_is_never_earlier_than_the_padded_work_and_sits_on_a_quarter_hour(
    tz: str, start: datetime, estimate: timedelta, ratio: float
) -> None:
    calendar = BusinessCalendar(tz=tz, weekly_hours=OFFICE.weekly_hours)
    internal, promised = promised_time(start, estimate, calendar, buffer_ratio=ratio)
    assert promised >= add_business_time(start, estimate * (1 + ratio), calendar) >= internal
    local = promised.astimezone(ZoneInfo(tz))
    assert (local.minute % 15, local.second, local.microsecond) == (0, 0, 0)
