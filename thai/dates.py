"""Dates as Thai and English readers expect them.

Thai pages show Buddhist-era years (CE + 543: 21 February 2020 is "21 กุมภาพันธ์ 2563");
Django's `th` locale prints Gregorian years, so every date on the site goes through
`format_date()` (the `thai_date` template filter) instead of Django's `date` filter, and so
does every date printed on a certificate. The fiscal year is in :mod:`thai.fiscal`.
"""

import datetime
import re

from django.utils import timezone, translation
from pythainlp.util import thai_strftime

from thai.numbers import THAI_DIGITS

BE_OFFSET = 543

# strftime patterns per style; Thai patterns go through thai_strftime, which prints BE years.
_THAI_STYLES = {
    "long": "%-d %B %Y",  # 21 กุมภาพันธ์ 2563
    "short": "%-d %b %y",  # 21 ก.พ. 63
    # A no-break space before น., which must never start a line of its own (a phone wrapped
    # "09:00" and "น." onto two lines).
    "datetime": "%-d %B %Y เวลา %H:%M\u00a0น.",  # 21 กุมภาพันธ์ 2563 เวลา 14:05 น.
    "time": "%H:%M\u00a0น.",
    "month": "%B %Y",  # กุมภาพันธ์ 2563
}
_ENGLISH_STYLES = {
    "long": "{d.day} %B %Y",  # 21 February 2020
    "short": "{d.day} %b %Y",  # 21 Feb 2020
    "datetime": "{d.day} %B %Y, %H:%M",
    "time": "%H:%M",
    "month": "%B %Y",
}
_ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _as_local(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(
    value: datetime.date | datetime.datetime | None,
    style: str = "long",
    language: str | None = None,
    thai_digits: bool = False,
) -> str:
    """Format a date or datetime for `language` (default: the active language).

    Aware datetimes are shown in Asia/Bangkok. Thai output uses the Buddhist era and,
    on request, Thai digits (๒๑ กุมภาพันธ์ ๒๕๖๓); English output is Gregorian.
    """
    if value is None or value == "":
        return ""
    if style not in _THAI_STYLES:
        raise ValueError(f"Unknown date style {style!r}; use one of {sorted(_THAI_STYLES)}")
    value = _as_local(value)
    language = (language or translation.get_language() or "th")[:2]
    if language == "th":
        return thai_strftime(value, _THAI_STYLES[style], thaidigit=thai_digits)
    # English month names are spelled here so the output does not depend on the C locale.
    pattern = _ENGLISH_STYLES[style].format(d=value)
    month = _ENGLISH_MONTHS[value.month - 1]
    pattern = pattern.replace("%B", month).replace("%b", month[:3])
    return value.strftime(pattern)


_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def format_year_month(text: str, language: str | None = None) -> str:
    """A stored year-month ("2026-11", a privacy notice version) as a month for `language`:
    "พฤศจิกายน 2569" in Thai, "November 2026" in English; anything else unchanged."""
    match = _YEAR_MONTH.fullmatch(text or "")
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return text
    month = datetime.date(int(match.group(1)), int(match.group(2)), 1)
    return format_date(month, "month", language)


# A year this large is a Buddhist-era year: 2400 BE is 1857 CE, and no Common Era date typed
# into our forms is that far ahead.
BE_THRESHOLD = 2400
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def to_common_era(text: str) -> str:
    """`text` (a typed date, ASCII or Thai digits) with a Buddhist-era year turned into its
    Common Era year: "2569-11-20" -> "2026-11-20", "๒๐/๑๑/๒๕๖๙" -> "20/11/2026". The year is
    changed before the date is read, so 29 February of a BE leap year (2567) is still a day."""
    text = text.translate(THAI_DIGITS)

    def convert(match: re.Match) -> str:
        year = int(match.group())
        return str(year - BE_OFFSET) if year >= BE_THRESHOLD else match.group()

    return _YEAR.sub(convert, text)
