"""California court days: which days count, and how a period is counted on them.

The judicial holidays are those of CCP 135 (the Government Code 6700 holidays, with its exceptions)
as the superior courts publish them, observed under CRC 1.11: a holiday on a Sunday is observed on the
following Monday, one on a Saturday on the preceding Friday.

Why not ``holidays.US(subdiv="CA")`` directly: it lists California's *state* holidays, which differ from
the judicial ones (it lacks Lincoln's Birthday and Native American Day, and adds Susan B. Anthony Day and
Diwali, neither a court holiday) and it does not shift Saturday holidays to Friday. The table below is the
courts' list; ``tests/analysis/test_calendar.py`` checks it against the package where both agree.

Changes over time, from the Judicial Council and superior-court calendars:
- Native American Day (fourth Friday in September) replaced Columbus Day as a judicial holiday in 2022.
- Juneteenth (June 19) has been a judicial holiday since 2023 (AB 1655, 2022).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

__all__ = [
    "COURT_HOLIDAYS",
    "CourtHoliday",
    "add_calendar_days",
    "add_court_days",
    "add_months",
    "court_holidays",
    "is_court_day",
    "previous_court_day",
    "roll_back",
    "roll_forward",
]


@dataclass(frozen=True)
class CourtHoliday:
    """One judicial holiday as a rule: a fixed date, or the n-th weekday of a month."""

    name: str
    month: int
    day: int | None = None
    """Fixed day of the month (``None`` for a floating holiday)."""
    weekday: int | None = None
    """0 = Monday … 6 = Sunday, for a floating holiday."""
    nth: int | None = None
    """1..4 for the n-th such weekday of the month, -1 for the last one."""
    first_year: int | None = None
    last_year: int | None = None
    days_after: int = 0
    """Days added to the rule's date: the day after Thanksgiving is the fourth Thursday + 1."""
    shift: Literal["weekend", "none"] = "weekend"
    """``weekend``: Saturday → preceding Friday, Sunday → following Monday (CRC 1.11)."""

    def actual_date(self, year: int) -> dt.date | None:
        """The day the holiday falls on in ``year`` before weekend observance, or None if not in force."""
        if (self.first_year and year < self.first_year) or (self.last_year and year > self.last_year):
            return None
        return self._rule_date(year) + dt.timedelta(days=self.days_after)

    def _rule_date(self, year: int) -> dt.date:
        if self.day is not None:
            return dt.date(year, self.month, self.day)
        assert self.weekday is not None
        assert self.nth is not None
        if self.nth > 0:
            first = dt.date(year, self.month, 1)
            offset = (self.weekday - first.weekday()) % 7
            return first + dt.timedelta(days=offset + 7 * (self.nth - 1))
        next_month = dt.date(year + self.month // 12, self.month % 12 + 1, 1)
        last = next_month - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - self.weekday) % 7)

    def observed_date(self, year: int) -> dt.date | None:
        actual = self.actual_date(year)
        if actual is None or self.shift == "none":
            return actual
        if actual.weekday() == 5:
            return actual - dt.timedelta(days=1)
        if actual.weekday() == 6:
            return actual + dt.timedelta(days=1)
        return actual


_MON, _THU, _FRI = 0, 3, 4

COURT_HOLIDAYS: tuple[CourtHoliday, ...] = (
    CourtHoliday("New Year's Day", 1, day=1),
    CourtHoliday("Martin Luther King, Jr. Day", 1, weekday=_MON, nth=3),
    CourtHoliday("Lincoln's Birthday", 2, day=12),
    CourtHoliday("Presidents' Day", 2, weekday=_MON, nth=3),
    CourtHoliday("Cesar Chavez Day", 3, day=31),
    CourtHoliday("Memorial Day", 5, weekday=_MON, nth=-1),
    CourtHoliday("Juneteenth", 6, day=19, first_year=2023),
    CourtHoliday("Independence Day", 7, day=4),
    CourtHoliday("Labor Day", 9, weekday=_MON, nth=1),
    CourtHoliday("Native American Day", 9, weekday=_FRI, nth=4, first_year=2022),
    CourtHoliday("Columbus Day", 10, weekday=_MON, nth=2, last_year=2021),
    CourtHoliday("Veterans Day", 11, day=11),
    CourtHoliday("Thanksgiving Day", 11, weekday=_THU, nth=4),
    CourtHoliday("Day after Thanksgiving", 11, weekday=_THU, nth=4, days_after=1, shift="none"),
    CourtHoliday("Christmas Day", 12, day=25),
)
"""The California judicial holidays (CCP 135). The day after Thanksgiving follows the fourth Thursday of
November, which is not always the fourth Friday (2024: Thanksgiving Nov 28, fourth Friday Nov 22)."""


@lru_cache(maxsize=64)
def court_holidays(year: int) -> dict[dt.date, str]:
    """Observed judicial holidays that fall in ``year`` (New Year's on a Saturday closes Dec 31 before)."""
    observed: dict[dt.date, str] = {}
    for source_year in (year - 1, year, year + 1):
        for holiday in COURT_HOLIDAYS:
            day = holiday.observed_date(source_year)
            if day is not None and day.year == year:
                observed[day] = holiday.name if day not in observed else f"{observed[day]}; {holiday.name}"
    return observed


def is_court_day(day: dt.date) -> bool:
    """A weekday that is not a judicial holiday (CCP 135: every Saturday and Sunday is one)."""
    return day.weekday() < 5 and day not in court_holidays(day.year)


def add_court_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th court day after ``day`` (before it when ``n`` < 0); ``day`` itself is not counted.

    ``n == 0`` returns ``day`` unchanged.
    """
    step = dt.timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    current = day
    while remaining:
        current += step
        if is_court_day(current):
            remaining -= 1
    return current


def add_calendar_days(day: dt.date, n: int) -> dt.date:
    """CCP 12: exclude the first day, include the last (plain date arithmetic)."""
    return day + dt.timedelta(days=n)


def add_months(day: dt.date, n: int) -> dt.date:
    """Same day ``n`` months later; a day the target month lacks becomes its last day (Jan 31 → Feb 28)."""
    month_index = day.year * 12 + day.month - 1 + n
    year, month = divmod(month_index, 12)
    month += 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def roll_forward(day: dt.date) -> dt.date:
    """CCP 12a / CRC 1.10: a last day that is not a court day becomes the next court day."""
    while not is_court_day(day):
        day += dt.timedelta(days=1)
    return day


def roll_back(day: dt.date) -> dt.date:
    """For periods counted backward from a hearing (CCP 12c): the preceding court day keeps the full
    notice period, where rolling forward would shorten it."""
    while not is_court_day(day):
        day -= dt.timedelta(days=1)
    return day


def previous_court_day(day: dt.date) -> dt.date:
    """The last court day strictly before ``day``."""
    return add_court_days(day, -1)
