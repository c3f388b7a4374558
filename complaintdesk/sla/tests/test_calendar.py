"""Business-time maths: named hard cases (ARCHITECTURE.md rule 8) and properties."""

from __future__ import annotations

import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintdesk.sla.calendar import (
    BusinessCalendar,
    Interval,
    add_business_time,
    business_time_between,
    holiday_dates,
)

ATHENS = "Europe/Athens"
NEW_YORK = "America/New_York"
SHANGHAI = "Asia/Shanghai"
NINE_TO_SIX = dict.fromkeys(range(5), ((time(9), time(18)),))
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


def at(tz: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware local datetime: ``at(ATHENS, 2025, 3, 13, 17)``."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(tz))


def office(tz: str = ATHENS, **kwargs: object) -> BusinessCalendar:
    return BusinessCalendar(tz=tz, weekly_hours=NINE_TO_SIX, **kwargs)  # type: ignore[arg-type]


def every_day(*intervals: Interval, tz: str) -> BusinessCalendar:
    return BusinessCalendar(tz=tz, weekly_hours=dict.fromkeys(range(7), intervals))


# --- 24x7, UTC out, input validation ---------------------------------------------------


def test_default_calendar_is_open_around_the_clock_in_utc() -> None:
    start = at(ATHENS, 2025, 6, 2, 10, 7)
    assert add_business_time(start, 1000 * HOUR, BusinessCalendar()) == start + 1000 * HOUR
    assert BusinessCalendar() == BusinessCalendar.always_open("UTC")


def test_results_are_utc() -> None:
    result = add_business_time(at(SHANGHAI, 2025, 6, 2, 10), HOUR, office(SHANGHAI))
    assert result.tzinfo is UTC
    assert result == datetime(2025, 6, 2, 3, tzinfo=UTC)


def test_naive_datetime_is_refused() -> None:
    naive = datetime(2025, 6, 2, 10, tzinfo=UTC).replace(tzinfo=None)
    with pytest.raises(ValueError, match="aware"):
        add_business_time(naive, HOUR, office())
    with pytest.raises(ValueError, match="aware"):
        business_time_between(naive, at(ATHENS, 2025, 6, 3), office())


def test_negative_duration_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_business_time(at(ATHENS, 2025, 6, 2, 10), -HOUR, office())


def test_calendar_with_no_hours_cannot_reach_a_deadline() -> None:
    closed = BusinessCalendar(tz=ATHENS, weekly_hours={})
    with pytest.raises(ValueError, match="no business hours"):
        add_business_time(at(ATHENS, 2025, 6, 2, 10), HOUR, closed)
    assert business_time_between(at(ATHENS, 2025, 1, 1), at(ATHENS, 2030, 1, 1), closed) == (
        timedelta(0)
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tz": "Mars/Olympus_Mons"}, "unknown time zone"),
        ({"weekly_hours": {0: ((time(18), time(9)),)}}, "inverted"),
        ({"weekly_hours": {0: ((time(9), time(9)),)}}, "inverted"),
        ({"weekly_hours": {0: ((time(9), time(13)), (time(12), time(18)))}}, "overlap"),
        ({"weekly_hours": {7: ((time(9), time(18)),)}}, "weekdays"),
        ({"half_days": {date(2025, 12, 24): time(0)}}, "cut-off"),
    ],
)
def test_invalid_calendar_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_touching_intervals_and_time_zero_end_are_accepted() -> None:
    calendar = every_day((time(0), time(12)), (time(12), time(0)), tz="UTC")
    start = at("UTC", 2025, 6, 2, 11)
    assert add_business_time(start, 48 * HOUR, calendar) == start + 48 * HOUR


def test_calendar_is_hashable_and_compares_by_value() -> None:
    assert hash(office()) == hash(office())
    assert office() == office()
    assert office() != office(SHANGHAI)


# --- ordinary office hours -------------------------------------------------------------


def test_friday_evening_deferral_lands_on_monday() -> None:
    due = add_business_time(at(ATHENS, 2025, 3, 14, 19), HOUR, office())
    assert due == at(ATHENS, 2025, 3, 17, 10)


def test_holiday_on_friday_pushes_deadline_to_monday() -> None:
    thursday = at(ATHENS, 2025, 3, 13, 17)
    assert thursday.weekday() == 3
    calendar = office(holidays=frozenset({date(2025, 3, 14)}))
    assert add_business_time(thursday, 2 * HOUR, calendar) == at(ATHENS, 2025, 3, 17, 10)


def test_count_ending_at_closing_time_lands_on_next_opening() -> None:
    due = add_business_time(at(ATHENS, 2025, 3, 13, 17), HOUR, office())
    assert due == at(ATHENS, 2025, 3, 14, 9)
    assert business_time_between(at(ATHENS, 2025, 3, 13, 17), due, office()) == HOUR


def test_adding_zero_inside_hours_is_start_and_outside_is_next_opening() -> None:
    inside = at(ATHENS, 2025, 3, 13, 11, 23)
    assert add_business_time(inside, timedelta(0), office()) == inside
    saturday = at(ATHENS, 2025, 3, 15, 11)
    assert add_business_time(saturday, timedelta(0), office()) == at(ATHENS, 2025, 3, 17, 9)


def test_lunch_break_is_not_business_time() -> None:
    lunch = dict.fromkeys(range(5), ((time(9), time(12, 30)), (time(13, 30), time(18))))
    calendar = BusinessCalendar(tz=ATHENS, weekly_hours=lunch)
    noon = at(ATHENS, 2025, 3, 13, 12)
    assert add_business_time(noon, HOUR, calendar) == at(ATHENS, 2025, 3, 13, 14)
    assert business_time_between(noon, at(ATHENS, 2025, 3, 13, 14), calendar) == HOUR
    assert business_time_between(noon, at(ATHENS, 2025, 3, 14, 12), calendar) == 8 * HOUR


def test_half_day_closes_at_cut_off() -> None:
    christmas = frozenset({date(2025, 12, 25), date(2025, 12, 26)})
    calendar = office(holidays=christmas, half_days={date(2025, 12, 24): time(13)})
    eve_noon = at(ATHENS, 2025, 12, 24, 12)
    assert add_business_time(eve_noon, 2 * HOUR, calendar) == at(ATHENS, 2025, 12, 29, 10)
    whole_eve = business_time_between(at(ATHENS, 2025, 12, 24), at(ATHENS, 2025, 12, 25), calendar)
    assert whole_eve == 4 * HOUR


def test_new_year_holiday_from_holidays_package() -> None:
    calendar = office(holidays=holiday_dates("GR", None, [2025, 2026]))
    new_years_eve = at(ATHENS, 2025, 12, 31, 16)
    assert add_business_time(new_years_eve, 3 * HOUR, calendar) == at(ATHENS, 2026, 1, 2, 10)


def test_midnight_boundaries() -> None:
    night = every_day((time(22), time(0)), (time(0), time(2)), tz=ATHENS)
    midnight = at(ATHENS, 2025, 6, 3)
    assert add_business_time(midnight - HOUR / 2, HOUR, night) == midnight + HOUR / 2
    assert add_business_time(midnight, timedelta(0), night) == midnight
    assert add_business_time(midnight + HOUR, HOUR, night) == midnight + 22 * HOUR
    assert business_time_between(midnight - HOUR, midnight + HOUR, night) == 2 * HOUR
    assert add_business_time(at(ATHENS, 2025, 3, 11), HOUR, office()) == at(ATHENS, 2025, 3, 11, 10)


def test_local_date_differs_from_utc_date() -> None:
    monday_utc = datetime(2025, 6, 2, 23, tzinfo=UTC)
    assert monday_utc.astimezone(ZoneInfo(SHANGHAI)) == at(SHANGHAI, 2025, 6, 3, 7)
    assert add_business_time(monday_utc, HOUR, office(SHANGHAI)) == at(SHANGHAI, 2025, 6, 3, 10)
    # The holiday is the local Tuesday, not the UTC Monday.
    tuesday_off = office(SHANGHAI, holidays=frozenset({date(2025, 6, 3)}))
    assert add_business_time(monday_utc, HOUR, tuesday_off) == at(SHANGHAI, 2025, 6, 4, 10)


def test_between_is_negative_when_reversed() -> None:
    a, b = at(ATHENS, 2025, 3, 13, 10), at(ATHENS, 2025, 3, 14, 10)
    assert business_time_between(b, a, office()) == -business_time_between(a, b, office())
    assert business_time_between(a, b, office()) == 9 * HOUR


@pytest.mark.parametrize("country", ["CN", "TW", "HK", "GR", "US", "GB"])
def test_holiday_dates_cover_the_supported_countries(country: str) -> None:
    dates = holiday_dates(country, None, [2025])
    assert date(2025, 1, 1) in dates
    assert all(day.year == 2025 for day in dates)


def test_holiday_dates_subdivision_and_unknown_country() -> None:
    assert date(2025, 3, 17) in holiday_dates("GB", "NIR", [2025])  # St Patrick's Day
    with pytest.raises(ValueError, match="no public-holiday data"):
        holiday_dates("XX", None, [2025])


# --- DST -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "spring", "autumn"),
    [
        (ATHENS, date(2025, 3, 30), date(2025, 10, 26)),
        (NEW_YORK, date(2025, 3, 9), date(2025, 11, 2)),
    ],
)
def test_dst_days_last_23_and_25_hours_around_the_clock(
    tz: str, spring: date, autumn: date
) -> None:
    calendar = BusinessCalendar.always_open(tz)
    for day, hours in ((spring, 23), (autumn, 25)):
        midnight = at(tz, day.year, day.month, day.day)
        next_midnight = at(tz, day.year, day.month, day.day + 1)
        assert business_time_between(midnight, next_midnight, calendar) == hours * HOUR
        assert add_business_time(midnight, hours * HOUR, calendar) == next_midnight


def test_dst_spring_forward_athens() -> None:
    calendar = BusinessCalendar.always_open(ATHENS)
    # 03:00 EET does not exist: one real hour after 02:30 EET is 04:30 EEST.
    half_past_two = at(ATHENS, 2025, 3, 30, 2, 30)
    assert add_business_time(half_past_two, HOUR, calendar) == at(ATHENS, 2025, 3, 30, 4, 30)
    small_hours = every_day((time(2), time(5)), tz=ATHENS)
    day_span = (at(ATHENS, 2025, 3, 30), at(ATHENS, 2025, 3, 31))
    assert business_time_between(*day_span, small_hours) == 2 * HOUR
    two = at(ATHENS, 2025, 3, 30, 2)
    assert add_business_time(two, 150 * MINUTE, small_hours) == at(ATHENS, 2025, 3, 31, 2, 30)


def test_dst_fall_back_athens() -> None:
    calendar = BusinessCalendar.always_open(ATHENS)
    # 03:00-04:00 happens twice: 02:30 EEST + 2 h is 03:30 EET, the second 03:30.
    later = add_business_time(at(ATHENS, 2025, 10, 26, 2, 30), 2 * HOUR, calendar)
    assert later == datetime(2025, 10, 26, 1, 30, tzinfo=UTC)
    small_hours = every_day((time(2), time(5)), tz=ATHENS)
    day_span = (at(ATHENS, 2025, 10, 26), at(ATHENS, 2025, 10, 27))
    assert business_time_between(*day_span, small_hours) == 4 * HOUR


def test_dst_spring_forward_new_york() -> None:
    calendar = BusinessCalendar.always_open(NEW_YORK)
    half_past_one = at(NEW_YORK, 2025, 3, 9, 1, 30)
    assert add_business_time(half_past_one, HOUR, calendar) == at(NEW_YORK, 2025, 3, 9, 3, 30)
    night = every_day((time(1), time(4)), tz=NEW_YORK)
    day_span = (at(NEW_YORK, 2025, 3, 9), at(NEW_YORK, 2025, 3, 10))
    assert business_time_between(*day_span, night) == 2 * HOUR
    # An opening inside the skipped hour opens when the clocks jump (03:00 EDT).
    skipped_open = every_day((time(2, 30), time(5)), tz=NEW_YORK)
    opening = add_business_time(day_span[0], timedelta(0), skipped_open)
    assert opening == at(NEW_YORK, 2025, 3, 9, 3)
    assert business_time_between(*day_span, skipped_open) == 2 * HOUR
    vanished = every_day((time(2, 15), time(2, 45)), tz=NEW_YORK)
    assert business_time_between(*day_span, vanished) == timedelta(0)


def test_dst_fall_back_new_york() -> None:
    night = every_day((time(1), time(4)), tz=NEW_YORK)
    day_span = (at(NEW_YORK, 2025, 11, 2), at(NEW_YORK, 2025, 11, 3))
    assert business_time_between(*day_span, night) == 4 * HOUR
    # A boundary in the repeated hour means its first occurrence (01:30 EDT).
    repeated_open = every_day((time(1, 30), time(3)), tz=NEW_YORK)
    assert business_time_between(*day_span, repeated_open) == 150 * MINUTE
    opening = add_business_time(day_span[0], timedelta(0), repeated_open)
    assert opening == datetime(2025, 11, 2, 5, 30, tzinfo=UTC)


# --- speed -----------------------------------------------------------------------------


def test_long_durations_skip_whole_weeks() -> None:
    calendar = office(holidays=holiday_dates("GR", None, [2025, 2026]))
    start = at(ATHENS, 2025, 3, 13, 17)
    began = clock.perf_counter()
    for _ in range(100):
        due = add_business_time(start, 1000 * HOUR, calendar)
        business_time_between(start, due, calendar)
    per_call = (clock.perf_counter() - began) / 200
    assert per_call < 0.005  # a per-minute loop would take ~60 000 steps


# --- properties over random calendars --------------------------------------------------

ZONES = ["UTC", ATHENS, NEW_YORK, "Europe/London", SHANGHAI, "Asia/Taipei", "Asia/Hong_Kong"]
FIXED_OFFSET_ZONES = ["UTC", SHANGHAI, "Asia/Taipei", "Asia/Hong_Kong"]
FIVE_MINUTES = timedelta(minutes=5)
ORIGIN = datetime(2025, 1, 1, tzinfo=UTC)
DST_CHANGES = [
    datetime(2025, 3, 30, 1, tzinfo=UTC),  # Europe springs forward
    datetime(2025, 10, 26, 1, tzinfo=UTC),  # Europe falls back
    datetime(2025, 3, 9, 7, tzinfo=UTC),  # New York springs forward
    datetime(2025, 11, 2, 6, tzinfo=UTC),  # New York falls back
]
PROPERTY = settings(max_examples=120, deadline=None)


def _slot_clock(slot: int) -> time:
    """Five-minute slot of the day as a clock time; slot 288 is 24:00, i.e. ``time(0)``."""
    return time(slot // 12 % 24, slot % 12 * 5)


@st.composite
def weekly_hours(draw: st.DrawFn) -> dict[int, tuple[Interval, ...]]:
    hours: dict[int, tuple[Interval, ...]] = {}
    for weekday in range(7):
        cuts = sorted(draw(st.sets(st.integers(0, 288), max_size=6)))
        pairs = zip(cuts[::2], cuts[1::2], strict=False)
        hours[weekday] = tuple((_slot_clock(lo), _slot_clock(hi)) for lo, hi in pairs)
    if not any(hours.values()):
        hours[0] = ((time(9), time(17)),)
    return hours


@st.composite
def calendars(draw: st.DrawFn, zones: list[str] = ZONES) -> BusinessCalendar:
    tz = draw(st.sampled_from(zones))
    if draw(st.integers(0, 9)) == 0:
        return BusinessCalendar.always_open(tz)
    days = st.dates(date(2024, 12, 1), date(2026, 6, 30))
    return BusinessCalendar(
        tz=tz,
        weekly_hours=draw(weekly_hours()),
        holidays=draw(st.frozensets(days, max_size=40)),
        half_days=draw(st.dictionaries(days, st.integers(1, 287).map(_slot_clock), max_size=8)),
    )


def _on_grid(base: datetime, slots: int) -> datetime:
    return base + slots * FIVE_MINUTES


instants = st.one_of(
    st.integers(0, 365 * 288).map(lambda n: _on_grid(ORIGIN, n)),
    st.builds(_on_grid, st.sampled_from(DST_CHANGES), st.integers(-576, 576)),
    st.integers(0, 365 * 86_400 * 10**6).map(lambda us: ORIGIN + timedelta(microseconds=us)),
)
durations = st.one_of(
    st.just(timedelta(0)),
    st.integers(0, 300 * 12).map(lambda n: n * FIVE_MINUTES),
    st.integers(0, 300 * 3600 * 10**6).map(lambda us: timedelta(microseconds=us)),
)


@PROPERTY
@given(calendars(), instants, durations)
def test_measuring_an_addition_gives_back_the_duration(
    calendar: BusinessCalendar, start: datetime, duration: timedelta
) -> None:
    due = add_business_time(start, duration, calendar)
    assert due.tzinfo is UTC
    assert due >= start
    assert business_time_between(start, due, calendar) == duration


@PROPERTY
@given(calendars(), instants, instants)
def test_adding_a_measurement_reaches_the_later_instant(
    calendar: BusinessCalendar, a: datetime, b: datetime
) -> None:
    a, b = min(a, b), max(a, b)
    reached = add_business_time(a, business_time_between(a, b, calendar), calendar)
    assert reached >= b
    assert business_time_between(b, reached, calendar) == timedelta(0)
    if add_business_time(b, timedelta(0), calendar) == b:  # b is inside hours
        assert reached == b


@PROPERTY
@given(calendars(), instants, durations, durations)
def test_addition_is_monotonic_and_additive(
    calendar: BusinessCalendar, start: datetime, d1: timedelta, d2: timedelta
) -> None:
    shorter, longer = min(d1, d2), max(d1, d2)
    assert add_business_time(start, shorter, calendar) <= add_business_time(start, longer, calendar)
    stepwise = add_business_time(add_business_time(start, d1, calendar), d2, calendar)
    assert stepwise == add_business_time(start, d1 + d2, calendar)


@PROPERTY
@given(calendars(), instants, instants, instants)
def test_measurement_is_monotonic_and_additive(
    calendar: BusinessCalendar, x: datetime, a: datetime, b: datetime
) -> None:
    a, b = min(a, b), max(a, b)
    assert business_time_between(x, a, calendar) <= business_time_between(x, b, calendar)
    via_a = business_time_between(x, a, calendar) + business_time_between(a, b, calendar)
    assert via_a == business_time_between(x, b, calendar)
    assert business_time_between(b, x, calendar) == -business_time_between(x, b, calendar)


def _open_at(calendar: BusinessCalendar, instant: datetime) -> bool:
    """Reference check, valid where the UTC offset never changes."""
    local = instant.astimezone(calendar.zone)
    if local.date() in calendar.holidays:
        return False
    minute = local.hour * 60 + local.minute
    cutoff = calendar.half_days.get(local.date(), time(0))
    limit = cutoff.hour * 60 + cutoff.minute or 1440
    for opens, closes in calendar.weekly_hours[local.weekday()]:
        ends = min(closes.hour * 60 + closes.minute or 1440, limit)
        if opens.hour * 60 + opens.minute <= minute < ends:
            return True
    return False


@PROPERTY
@given(calendars(FIXED_OFFSET_ZONES), st.integers(0, 365 * 288), st.integers(0, 3 * 288))
def test_measurement_matches_slot_by_slot_count(
    calendar: BusinessCalendar, first_slot: int, slots: int
) -> None:
    start = _on_grid(ORIGIN, first_slot)
    expected = sum(
        (FIVE_MINUTES for k in range(slots) if _open_at(calendar, _on_grid(start, k))),
        timedelta(0),
    )
    assert business_time_between(start, _on_grid(start, slots), calendar) == expected
