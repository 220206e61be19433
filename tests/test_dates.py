"""Date normalisation: absolute, partial, deictic (against the publication
date), anaphoric (against the previous date), ranges and durations, each with
the precision the text supports."""

from __future__ import annotations

from datetime import date

import pytest

from kg.dates import resolve
from kg.model import TimeValue

WEDNESDAY = date(2025, 6, 11)  # the seed article's publication day, a Wednesday


def iso(hit) -> tuple[str, str, str | None] | None:
    """(date, precision, end) of a resolved expression, as a user reads it in events.json."""
    if hit is None:
        return None
    start, end = hit
    return start.iso(), start.precision, end.iso() if end else None


def day(iso_date: str) -> TimeValue:
    return TimeValue.parse(iso_date)


@pytest.mark.parametrize("expr, expected", [
    ("June 12, 2018", ("2018-06-12", "day", None)),
    ("12 June 2018", ("2018-06-12", "day", None)),
    ("Tuesday, June 12, 2018", ("2018-06-12", "day", None)),
    ("2018-06-12", ("2018-06-12", "day", None)),
    ("June 30, 2019", ("2019-06-30", "day", None)),
    ("February 2019", ("2019-02", "month", None)),
    ("in February 2019", ("2019-02", "month", None)),
    ("in June 2019", ("2019-06", "month", None)),
    ("2017", ("2017", "year", None)),
    ("early 2019", ("2019", "year", None)),
])
def test_absolute_and_partial_dates_keep_their_precision(expr, expected):
    assert iso(resolve(expr, WEDNESDAY)) == expected


@pytest.mark.parametrize("expr, expected", [
    ("Wednesday", ("2025-06-11", "day", None)),  # the day of publication itself
    ("on Wednesday", ("2025-06-11", "day", None)),
    ("Tuesday", ("2025-06-10", "day", None)),
    ("on Tuesday", ("2025-06-10", "day", None)),
    ("Saturday", ("2025-06-07", "day", None)),
    ("last Thursday", ("2025-06-05", "day", None)),
    ("Monday night", ("2025-06-09", "day", None)),
    ("today", ("2025-06-11", "day", None)),
    ("yesterday", ("2025-06-10", "day", None)),
    ("last month", ("2025-05", "month", None)),
    ("next month", ("2025-07", "month", None)),
    ("next week", ("2025-06", "month", None)),  # no week precision: the month it falls in
    ("last week", ("2025-06", "month", None)),
    ("last December", ("2024-12", "month", None)),
    ("in June", ("2025-06", "month", None)),
    ("in mid-March", ("2025-03", "month", None)),
    ("Jan. 20", ("2025-01-20", "day", None)),
    ("this year", ("2025", "year", None)),
    ("last year", ("2024", "year", None)),
    ("three years ago", ("2022", "year", None)),
])
def test_relative_to_publication(expr, expected):
    assert iso(resolve(expr, WEDNESDAY)) == expected


@pytest.mark.parametrize("expr, future, expected", [
    ("Friday", False, "2025-06-06"),  # reported: the last Friday
    ("Friday", True, "2025-06-13"),  # planned: the coming Friday
    ("next Friday", False, "2025-06-13"),
])
def test_weekday_direction_follows_the_tense(expr, future, expected):
    assert iso(resolve(expr, WEDNESDAY, future=future))[0] == expected


@pytest.mark.parametrize("expr, previous, expected", [
    ("three days later", "2025-01-20", ("2025-01-23", "day", None)),
    ("two weeks later", "2018-06-12", ("2018-06-26", "day", None)),
    ("the next day", "2025-01-20", ("2025-01-21", "day", None)),
    ("a day later", "2019-02-27", ("2019-02-28", "day", None)),
    ("two days earlier", "2019-02-27", ("2019-02-25", "day", None)),
])
def test_anaphoric_dates_count_from_the_previous_date(expr, previous, expected):
    assert iso(resolve(expr, WEDNESDAY, previous=day(previous))) == expected


@pytest.mark.parametrize("expr, previous, expected", [
    ("Aug. 10", "2019-08", "2019-08-10"),  # "drills in August 2019 ... missiles on Aug. 10"
    ("Aug. 10", "2019-07", "2024-08-10"),  # another month: the publication's year decides
    ("Aug. 10", "2019", "2024-08-10"),  # a bare year is too loose an anchor
])
def test_a_day_without_a_year_takes_the_year_of_its_month_just_named(expr, previous, expected):
    anchor = TimeValue.parse(previous)
    assert iso(resolve(expr, date(2025, 6, 11), previous=anchor, past=True))[0] == expected


@pytest.mark.parametrize("expr, previous", [
    ("three days later", None),  # nothing to count from
    ("three days later", "2025-01"),  # a month is too coarse to count days from
    ("the next day", None),
])
def test_anaphoric_dates_without_a_day_anchor_are_unknown(expr, previous):
    assert resolve(expr, WEDNESDAY, previous=day(previous) if previous else None) is None


@pytest.mark.parametrize("expr, published, expected", [
    ("February 27 and 28", date(2019, 3, 1), ("2019-02-27", "day", "2019-02-28")),
    ("February 27-28, 2019", WEDNESDAY, ("2019-02-27", "day", "2019-02-28")),
    ("Feb. 27 to 28, 2019", WEDNESDAY, ("2019-02-27", "day", "2019-02-28")),
    ("June 30 to July 1, 2019", WEDNESDAY, ("2019-06-30", "day", "2019-07-01")),
    ("2018-2019", WEDNESDAY, ("2018", "year", "2019")),
])
def test_ranges_have_an_end(expr, published, expected):
    assert iso(resolve(expr, published)) == expected


@pytest.mark.parametrize("expr", [
    "90 minutes", "two hours", "three days of talks", "several years", "over the past three months",
    "the 1990s", "", "   ",
])
def test_durations_and_spans_are_not_dates(expr):
    assert resolve(expr, WEDNESDAY) is None


@pytest.mark.parametrize("expr, expected", [
    ("June 12, 2018", ("2018-06-12", "day", None)),  # absolute: needs no anchor
    ("February 2019", ("2019-02", "month", None)),
    ("Wednesday", None),  # deictic: unknowable without a publication date
    ("last month", None),
    ("June 12", None),
])
def test_without_a_publication_date(expr, expected):
    assert iso(resolve(expr, None)) == expected
