"""Court-day arithmetic across California judicial holidays, checked against dates reasoned by hand."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from tests.analysis.builders import d

from aseagi.analysis.calendar import (
    add_calendar_days,
    add_court_days,
    add_months,
    court_holidays,
    is_court_day,
    roll_back,
    roll_forward,
)

# Observed judicial holidays, worked out by hand from CCP 135 and CRC 1.11 (Sat → Fri, Sun → Mon).
EXPECTED = {
    2024: [
        "2024-01-01", "2024-01-15", "2024-02-12", "2024-02-19", "2024-04-01",  # Chavez: Sun Mar 31 → Mon
        "2024-05-27", "2024-06-19", "2024-07-04", "2024-09-02", "2024-09-27", "2024-11-11",
        "2024-11-28", "2024-11-29", "2024-12-25",
    ],
    2025: [
        "2025-01-01", "2025-01-20", "2025-02-12", "2025-02-17", "2025-03-31", "2025-05-26", "2025-06-19",
        "2025-07-04", "2025-09-01", "2025-09-26", "2025-11-11", "2025-11-27", "2025-11-28", "2025-12-25",
    ],
    2026: [
        "2026-01-01", "2026-01-19", "2026-02-12", "2026-02-16", "2026-03-31", "2026-05-25", "2026-06-19",
        "2026-07-03",  # Independence Day on a Saturday → Friday
        "2026-09-07", "2026-09-25", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-25",
    ],
    2027: [
        "2027-01-01", "2027-01-18", "2027-02-12", "2027-02-15", "2027-03-31", "2027-05-31",
        "2027-06-18",  # Juneteenth on a Saturday → Friday
        "2027-07-05",  # Independence Day on a Sunday → Monday
        "2027-09-06", "2027-09-24", "2027-11-11", "2027-11-25", "2027-11-26",
        "2027-12-24",  # Christmas on a Saturday → Friday
        "2027-12-31",  # New Year's Day 2028 on a Saturday → Friday before
    ],
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_observed_holidays_match_the_hand_checked_list(year: int) -> None:
    assert sorted(day.isoformat() for day in court_holidays(year)) == EXPECTED[year]


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_holidays_package_days_we_share_agree(year: int) -> None:
    """Where the state list and the court list name the same holiday on a weekday, the dates agree."""
    state = holidays.US(subdiv="CA", years=year)
    shared = ("New Year", "Martin Luther King", "Presidents", "Cesar Chavez", "Memorial", "Labor",
              "Veterans", "Thanksgiving", "Christmas")  # fmt: skip
    for day, name in state.items():
        if day.year == year and day.weekday() < 5 and any(s in name for s in shared):
            assert not is_court_day(day), (day, name)


def test_columbus_day_before_2022_native_american_day_after() -> None:
    assert not is_court_day(d("2021-10-11"))  # Columbus Day 2021
    assert is_court_day(d("2021-09-24"))  # fourth Friday of Sept 2021: not yet a court holiday
    assert is_court_day(d("2022-10-10"))
    assert not is_court_day(d("2022-09-23"))
    assert is_court_day(d("2022-06-20"))  # Juneteenth (observed Monday) was not a court holiday in 2022


def test_weekends_are_not_court_days() -> None:
    assert not is_court_day(d("2024-03-09"))
    assert not is_court_day(d("2024-03-10"))
    assert is_court_day(d("2024-03-11"))


def test_thanksgiving_and_the_day_after_are_skipped() -> None:
    # Wed 2024-11-27 + 1 court day: Thu 28 and Fri 29 closed, weekend → Mon Dec 2.
    assert add_court_days(d("2024-11-27"), 1) == d("2024-12-02")
    assert add_court_days(d("2025-11-26"), 2) == d("2025-12-02")


def test_christmas_on_a_weekend_closes_the_friday() -> None:
    # Christmas 2027 is a Saturday: Friday Dec 24 is the holiday, and Dec 31 for New Year's Day 2028.
    assert add_court_days(d("2027-12-23"), 1) == d("2027-12-27")
    assert add_court_days(d("2027-12-30"), 1) == d("2028-01-03")
    # Christmas 2022 was a Sunday: Monday Dec 26 closed.
    assert add_court_days(d("2022-12-23"), 1) == d("2022-12-27")


def test_lincolns_birthday_and_cesar_chavez_day() -> None:
    # Wed 2025-02-12 (Lincoln) closed: Tue Feb 11 + 1 court day = Thu Feb 13.
    assert add_court_days(d("2025-02-11"), 1) == d("2025-02-13")
    # Cesar Chavez Day 2024 (Sunday) observed Monday April 1: Fri Mar 29 + 1 = Tue Apr 2.
    assert add_court_days(d("2024-03-29"), 1) == d("2024-04-02")
    assert add_court_days(d("2026-03-30"), 1) == d("2026-04-01")


def test_fifteen_court_days_across_mlk_lincoln_and_presidents_day() -> None:
    # From Fri 2024-01-12: Jan 15 MLK, Feb 12 Lincoln, Feb 19 Presidents' are skipped.
    # Court days: Jan 16,17,18,19,22,23,24,25,26,29,30,31, Feb 1,2,5 → 15th is Mon Feb 5.
    assert add_court_days(d("2024-01-12"), 15) == d("2024-02-05")
    assert add_court_days(d("2024-02-09"), 2) == d("2024-02-14")


def test_negative_and_zero_offsets() -> None:
    assert add_court_days(d("2024-12-26"), -1) == d("2024-12-24")
    assert add_court_days(d("2024-03-05"), 0) == d("2024-03-05")


def test_roll_forward_and_back() -> None:
    assert roll_forward(d("2026-07-04")) == d("2026-07-06")  # Sat; Fri Jul 3 is the holiday anyway
    assert roll_forward(d("2026-07-03")) == d("2026-07-06")
    assert roll_forward(d("2024-03-05")) == d("2024-03-05")
    assert roll_back(d("2024-12-25")) == d("2024-12-24")
    assert roll_back(d("2024-12-01")) == d("2024-11-27")  # Sun → skip Fri 29, Thu 28


def test_calendar_days_and_months() -> None:
    assert add_calendar_days(d("2024-03-05"), 60) == d("2024-05-04")
    assert add_months(d("2024-01-31"), 1) == d("2024-02-29")
    assert add_months(d("2023-08-31"), 6) == d("2024-02-29")
    assert add_months(d("2024-11-15"), 12) == d("2025-11-15")
    assert add_months(d("2024-03-31"), -1) == d("2024-02-29")


def test_every_day_of_a_year_is_classified() -> None:
    day = dt.date(2025, 1, 1)
    court_days = 0
    while day.year == 2025:
        court_days += is_court_day(day)
        day += dt.timedelta(days=1)
    # 2025 has 261 weekdays; 14 holidays, all on weekdays.
    assert court_days == 261 - 14
