"""Dates (and web addresses) written as text, and why a date is impossible: shared by validation,
the TOML reader and schema detection.

YAML keeps an impossible date (``2024-02-30``) as text and validation explains it; ``tomllib``
refuses it with a parser message (``Expected newline or end of document``), which the reader
replaces with the same explanation.
"""

from __future__ import annotations

import datetime as dt
import re

#: A date as text: ``2024-05-22`` (month and day may have one digit; validation says to write two).
DATE_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: A date-time as text, ISO or Hugo's ``2023-01-05 09:00:00 -0500``.
DATETIME_TEXT = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"[ \t]*(?:Z|z|[+-]\d{1,2}(?::?\d{2})?)?"
)
#: What a ``url`` field accepts.
URL_TEXT = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def impossible_date(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is not a date (``"the month 13 is out of range (01-12)"``), or None."""
    if not 1 <= month <= 12:
        return f"the month {month:02d} is out of range (01-12)"
    try:
        dt.date(year, month, day)
    except ValueError:
        if year < 1:
            return "the year must be at least 1"
        if year > 9999:
            return "the year must be at most 9999"
        # (December has 31 days in every year: no date of the next year, which 9999 has not.)
        days = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
        if day < 1:
            return f"the day {day:02d} is out of range (01-{days})"
        return f"{MONTHS[month - 1]} {year} has {days} days"
    return None


def impossible_time(hour: int, minute: int, second: int) -> str | None:
    """Why hour:minute:second is not a time of day, or None."""
    if hour > 23 or minute > 59 or second > 59:
        return f"{hour:02d}:{minute:02d}:{second:02d} is not a time of day"
    return None
