"""An iCalendar (RFC 5545) feed of a learner's sessions, for calendar apps to subscribe to.

Written by hand rather than with a library: the format needs only escaping, line folding at
75 octets, CRLF line ends and UTC times, and the feed carries nothing but VEVENTs.
"""

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from cms.catalogue import in_visitors_language
from courses.models import Enrollment, Session

PRODID = "-//OPDC Government Innovation Lab//Gov Lab LMS//TH"
# Calendar apps re-read subscribed feeds at their own pace; ask for once an hour.
REFRESH = "PT1H"


def sessions_for(user) -> QuerySet[Session]:
    """Sessions of the cohorts where the person holds a seat, oldest first."""
    return (
        Session.objects.filter(
            cohort__enrollments__learner=user,
            cohort__enrollments__status__in=Enrollment.SEATED,
        )
        .select_related("cohort", "cohort__course")
        .order_by("starts_at", "pk")
    )


def _escape(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a UTF-8
    character (Thai takes 3 octets a character); continuation lines start with a space."""
    pieces: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            pieces.append(current)
            current, size = "", 1  # the leading space of the continuation line
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(session: Session, stamp: str, course_title: str) -> list[str]:
    """One session, in the active language (the feed's address: /th/ or /en/)."""
    cohort = session.cohort
    venue = session.display_venue or cohort.display_venue
    link = session.online_link or cohort.online_link
    description = "\n".join(filter(None, [course_title, cohort.display_title, link]))
    lines = [
        "BEGIN:VEVENT",
        f"UID:session-{session.code}@{_host()}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"SUMMARY:{_escape(f'{session.display_title} · {course_title}')}",
        f"DESCRIPTION:{_escape(description)}",
    ]
    if venue:
        lines.append(f"LOCATION:{_escape(venue)}")
    if link:
        lines.append(f"URL:{link}")
    lines.append("END:VEVENT")
    return lines


def _host() -> str:
    return settings.PUBLIC_BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "govlab"


def render(sessions, *, name: str, now=None) -> str:
    """The calendar as text with CRLF line ends."""
    stamp = _utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
    ]
    sessions = list(sessions)
    # The course as the reader reads it: its English translation on /en/ where there is one.
    translated = in_visitors_language({session.cohort.course for session in sessions})
    for session in sessions:
        course = session.cohort.course
        lines.extend(_event(session, stamp, translated.get(course.translation_key, course).title))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
