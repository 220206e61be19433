"""Date normalisation: a temporal expression plus its anchors → a `TimeValue`.

Absolute expressions ("June 12, 2018", "February 2019", "2017") are parsed by
dateparser, which also reports the precision. Expressions relative to the
publication date ("Wednesday", "last month", "next week") or to the previous
date in the discourse ("three days later") are resolved here with calendar
arithmetic, keeping the precision the text supports. Durations ("90 minutes",
"three days of talks") are not dates and give None.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from .model import TimeValue

__all__ = ["resolve", "Resolved"]

Resolved = tuple[TimeValue, TimeValue | None]

_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_UNIT = r"(day|week|month|year)s?"
_N = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

_FILLER = re.compile(r"^(?:on|in|at|by|during|since|from|until|as of|the|of|its|his|her|their|early|earlier"
                     r"|late|later|mid|mid-|around|about|some|nearly|almost|only|just)\b[\s-]*", re.I)


def _month_index(token: str) -> int:
    token = token.lower().rstrip(".")[:3]
    return [m[:3] for m in _MONTHS].index(token) + 1


def _shift_month(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def _num(token: str) -> int | None:
    return int(token) if token.isdigit() else _NUM.get(token.lower())


def resolve(expr: str, published: date | None, *, previous: TimeValue | None = None,
            future: bool = False, past: bool = False) -> Resolved | None:
    """Normalise `expr`. `published` anchors deictic expressions, `previous`
    (the last date the text mentioned) anchors anaphoric ones. `future` (the
    clause is about something planned) picks the next rather than the last
    matching weekday, month or day; `past` (the clause is in the past tense)
    rules out dates after publication."""
    text = re.sub(r"\s+", " ", expr.strip().lower().replace("’", "'"))
    text = re.sub(r"\b(morning|afternoon|evening|night|local time|time)\b", "", text).strip(" ,.")
    if not text:
        return None
    hit = _relative(text, published, previous, future)
    if hit is not False:
        return hit
    return _absolute(text, published, future, past, previous)


def _relative(text: str, pub: date | None, prev: TimeValue | None, future: bool):
    """Deictic and anaphoric expressions; False when `text` is not one of them."""
    day = lambda d: (TimeValue(d, "day"), None)  # noqa: E731
    month = lambda d: (TimeValue(date(d.year, d.month, 1), "month"), None)  # noqa: E731
    year = lambda y: (TimeValue(date(y, 1, 1), "year"), None)  # noqa: E731

    m = re.search(rf"\b{_N} {_UNIT} (later|after|afterwards?|earlier|before|ago)\b", text)
    if m:
        n, unit, direction = _num(m.group(1)), m.group(2), m.group(3)
        base = pub if direction == "ago" else (prev.value if prev and prev.precision == "day" else None)
        if n is None or base is None:
            return None
        sign = -1 if direction in ("earlier", "before", "ago") else 1
        if unit == "day":
            return day(base + timedelta(days=sign * n))
        if unit == "week":
            return day(base + timedelta(weeks=sign * n)) if direction != "ago" else month(base - timedelta(weeks=n))
        if unit == "month":
            return month(_shift_month(base, sign * n))
        return year(base.year + sign * n)
    if re.search(r"\b(the (following|next) day|a day (later|after)|the day after)\b", text):
        return day(prev.value + timedelta(days=1)) if prev and prev.precision == "day" else None
    if re.search(rf"\b(over |in )?the (next|coming|past|last) ({_N}( to {_N})? )?{_UNIT}\b", text) and \
            not re.search(r"\b(last|next) (week|month|year)$", text):
        return None  # a stretch of time, not a date
    if pub is None:
        return None if re.search(r"\b(today|tonight|yesterday|tomorrow|this|last|next|ago)\b|day$", text) \
            else False
    if re.fullmatch(r"(earlier |later )?(today|tonight|this)", text) or text in ("now", "currently"):
        return day(pub)
    if re.fullmatch(r"(on )?yesterday|overnight", text):
        return day(pub - timedelta(days=1))
    if re.fullmatch(r"(on )?tomorrow", text):
        return day(pub + timedelta(days=1))
    m = re.fullmatch(r"(?:on )?(?:(last|this|next|past|coming) )?(" + "|".join(_WEEKDAYS) + r")(?:s|'s)?", text)
    if m:
        which, wd = m.group(1), _WEEKDAYS.index(m.group(2))
        delta = (pub.weekday() - wd) % 7
        if which in ("next", "coming") or (future and which is None):
            ahead = (wd - pub.weekday()) % 7
            return day(pub + timedelta(days=ahead or (7 if which else 0)))
        if which in ("last", "past"):
            delta = delta or 7
        return day(pub - timedelta(days=delta))
    m = re.fullmatch(r"(last|this|next|past|coming|earlier this|later this|within the|the same|the) "
                     r"(week|month|year)", text)
    if m:
        which, unit = m.group(1), m.group(2)
        step = -1 if which in ("last", "past") else 1 if which in ("next", "coming") else 0
        if unit == "week":
            return month(pub + timedelta(weeks=step))
        if unit == "month":
            return month(_shift_month(pub, step))
        return year(pub.year + step)
    m = re.fullmatch(rf"(last|this|next|past|coming) ({_MONTH_RE})", text)
    if m:
        mi = _month_index(m.group(2))
        if m.group(1) in ("next", "coming"):
            y = pub.year if mi > pub.month else pub.year + 1
        elif m.group(1) == "this":
            y = pub.year
        else:
            y = pub.year if mi < pub.month else pub.year - 1
        return month(date(y, mi, 1))
    return False


def _absolute(text: str, pub: date | None, future: bool, past: bool = False,
              anchor: TimeValue | None = None) -> Resolved | None:
    if re.search(rf"\b{_N} (minute|hour|day|week|month|year|decade)s?\b(?! (ago|later|earlier))", text) \
            and not re.search(r"\b\d{4}\b|" + _MONTH_RE, text):
        return None  # a duration: "90 minutes", "three days of talks"
    prev = None
    while prev != text:  # "in mid-March" -> "march"
        prev, text = text, _FILLER.sub("", text).strip()
    text = re.sub(r"^(?:the )?(?:end|beginning|start|middle) of ", "", text)
    if re.fullmatch(r"\d{4}s", text):
        return None  # a decade
    m = re.fullmatch(rf"(?:\w+day,? )?({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to|through)\s*"
                     rf"(?:({_MONTH_RE}) )?(\d{{1,2}})(?:st|nd|rd|th)?)?(?:,? (\d{{4}}))?", text)
    if m:
        mi, d1 = _month_index(m.group(1)), int(m.group(2))
        if m.group(5):
            y = int(m.group(5))
        elif anchor is not None and anchor.precision != "year" and anchor.value.month == mi:
            y = anchor.value.year  # "drills in August 2019 ... missiles on Aug. 10": the month just named
        else:
            y = _nearest_year(mi, d1, pub, future, past)
        if y is None:
            return None
        try:
            start = TimeValue(date(y, mi, d1), "day")
            end = None
            if m.group(4):
                mi2 = _month_index(m.group(3)) if m.group(3) else mi
                end = TimeValue(date(y, mi2, int(m.group(4))), "day")
        except ValueError:
            return None
        return start, end
    m = re.fullmatch(rf"({_MONTH_RE})(?:,? (\d{{4}}))?", text)
    if m:
        mi = _month_index(m.group(1))
        if m.group(2):
            y = int(m.group(2))
        elif pub is None:
            return None
        elif future:
            y = pub.year if mi >= pub.month else pub.year + 1
        else:
            y = pub.year if mi <= pub.month else pub.year - 1
        return TimeValue(date(y, mi, 1), "month"), None
    m = re.fullmatch(r"(\d{4})(?:\s*(?:-|–|/|to)\s*(\d{2,4}))?", text)
    if m:
        y = int(m.group(1))
        if not 1900 <= y <= 2100:
            return None
        end = None
        if m.group(2):
            y2 = int(m.group(2)) if len(m.group(2)) == 4 else y // 100 * 100 + int(m.group(2))
            end = TimeValue(date(y2, 1, 1), "year") if y2 > y else None
        return TimeValue(date(y, 1, 1), "year"), end
    return _dateparser(text, pub, future)


def _nearest_year(month: int, day: int, pub: date | None, future: bool, past: bool = False) -> int | None:
    """Year of a day-month without one: the occurrence closest to publication,
    on the side the tense allows (after it for plans, before it for the past)."""
    if pub is None:
        return None
    best = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        gap = (d - pub).days
        if past and gap > 3 or future and gap < -3:
            continue
        penalty = abs(gap)
        if best is None or penalty < best[0]:
            best = (penalty, y)
    return best[1] if best else None


@lru_cache(maxsize=4096)
def _dateparser(text: str, pub: date | None, future: bool) -> Resolved | None:
    if not re.search(r"\d|" + _MONTH_RE, text):
        return None
    base = datetime(pub.year, pub.month, pub.day) if pub else datetime(2000, 1, 1)
    parser = _parser(base, "future" if future else "past")
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None
    if data is None or data.date_obj is None:
        return None
    precision = {"day": "day", "week": "day", "month": "month", "year": "year"}.get(data.period or "day", "day")
    if pub is None and not re.search(r"\b\d{4}\b", text):
        return None
    value = data.date_obj.date()
    if precision != "day":
        value = date(value.year, value.month if precision == "month" else 1, 1)
    return TimeValue(value, precision), None


@lru_cache(maxsize=256)
def _parser(base: datetime, prefer: str):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "REQUIRE_PARTS": [], "STRICT_PARSING": False})
