"""A cohort's roster and its attendance (sessions x learners) as CSV or XLSX.

Both formats read the learners in database chunks and are built whole before the answer
starts, with a Content-Length: a roster is bounded by the cohort's size, and a database lost
half-way then answers the 503 page instead of a 200 with half a file (a streamed CSV could only
stop early, and the browser would save the cut-off file as if it were complete). CSV is
written to a temporary file that spills to disk past 1 MB; XLSX through openpyxl's
write-only mode into a temporary file.
Text cells that a spreadsheet would run as a formula (= + - @, tab, carriage return) are
prefixed with an apostrophe; CSV starts with a UTF-8 BOM so Thai Excel reads Thai correctly.
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator

from django.db.models import Q
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.models import Attendance, Cohort, Enrollment

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Learners fetched per query while exporting.
_CHUNK = 1000


def escape_cell(value):
    """A value that a spreadsheet shows as typed: text that would start a formula gets a
    leading apostrophe (OWASP's advice for CSV injection). Numbers pass unchanged."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


# Thai readers read Buddhist-era dates (พ.ศ.): 16/01/2570 09:00; English readers the Common Era.
# In XLSX a time stays a real date-time (it sorts and filters), shown with Excel's Thai
# Buddhist calendar (calendar 07 of the [$-WWCCLLLL] locale code) on a Thai export.
_BE_OFFSET = 543
_XLSX_THAI_FORMAT = "[$-1070000]dd/mm/yyyy hh:mm"
_XLSX_ENGLISH_FORMAT = "dd/mm/yyyy hh:mm"


def _thai_reader() -> bool:
    return not (translation.get_language() or "th").startswith("en")


def _local(moment) -> datetime.datetime | None:
    """A stored time in Bangkok time, as the naive date-time a spreadsheet cell holds."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _as_text(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    year = moment.year + _BE_OFFSET if _thai_reader() else moment.year
    return f"{moment:%d/%m}/{year} {moment:%H:%M}"


def _enrollments(cohort: Cohort, statuses=None):
    enrollments = Enrollment.objects.filter(cohort=cohort).select_related(
        "learner", "learner__agency", "learner__province"
    )
    if statuses:
        enrollments = enrollments.filter(status__in=statuses)
    return enrollments.order_by("learner__first_name_th", "learner__last_name_th", "pk")


def _chunked(queryset) -> Iterator[list]:
    """Keyset-free chunks by position: fine for an export that reads a consistent snapshot."""
    start = 0
    while chunk := list(queryset[start : start + _CHUNK]):
        yield chunk
        start += _CHUNK


def roster_rows(cohort: Cohort) -> Iterator[list]:
    yield [
        _("E-mail"),
        _("Title (Thai)"),
        _("First name (Thai)"),
        _("Last name (Thai)"),
        _("First name (English)"),
        _("Last name (English)"),
        _("Agency"),
        _("Position"),
        _("Province"),
        _("Status"),
        _("Enrolled through"),
        _("Requested at"),
        _("Status changed at"),
    ]
    for chunk in _chunked(_enrollments(cohort)):
        for enrollment in chunk:
            learner = enrollment.learner
            yield [
                learner.email,
                learner.title_th,
                learner.first_name_th,
                learner.last_name_th,
                learner.first_name,
                learner.last_name,
                learner.agency.name if learner.agency else "",
                learner.position,
                learner.province.name if learner.province else "",
                enrollment.get_status_display(),
                enrollment.get_method_display(),
                _local(enrollment.requested_at),
                _local(enrollment.status_changed_at),
            ]


def attendance_rows(cohort: Cohort) -> Iterator[list]:
    """One row per seated learner, one column per session (its status, empty if unmarked),
    then sessions attended (present or late) and the percentage of all planned sessions."""
    sessions = list(cohort.sessions.order_by("starts_at", "pk"))
    yield [
        _("E-mail"),
        _("Name (Thai)"),
        _("Name (English)"),
        _("Status"),
        *[
            f"{session.display_title} ({_as_text(_local(session.starts_at))})"
            for session in sessions
        ],
        _("Sessions attended"),
        _("Attendance (%)"),
    ]
    labels = dict(Attendance.Status.choices)
    attended = (Attendance.Status.PRESENT, Attendance.Status.LATE)
    for chunk in _chunked(_enrollments(cohort, Enrollment.SEATED)):
        marks: dict[tuple[int, int], str] = {
            (enrollment_id, session_id): status
            for enrollment_id, session_id, status in Attendance.objects.filter(
                Q(enrollment__in=[enrollment.pk for enrollment in chunk]),
                session__cohort=cohort,
            ).values_list("enrollment_id", "session_id", "status")
        }
        for enrollment in chunk:
            statuses = [marks.get((enrollment.pk, session.pk), "") for session in sessions]
            count = sum(status in attended for status in statuses)
            yield [
                enrollment.learner.email,
                enrollment.learner.full_name_th,
                enrollment.learner.full_name_en,
                enrollment.get_status_display(),
                *[str(labels.get(status, "")) for status in statuses],
                count,
                round(100 * count / len(sessions)) if sessions else "",
            ]


def csv_response(rows: Iterable[list], filename: str) -> FileResponse:
    # Every row is written before the view returns, inside the request: a database error
    # half-way is the view's exception (the 503 page), never a truncated 200.
    output = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    text = io.TextIOWrapper(output, encoding="utf-8", newline="")
    text.write("\ufeff")
    writer = csv.writer(text)
    for row in rows:
        writer.writerow(
            [
                _as_text(value) if isinstance(value, datetime.datetime) else escape_cell(value)
                for value in row
            ]
        )
    text.flush()
    text.detach()  # leaves `output` open for the response
    output.seek(0)
    # FileResponse sets Content-Length from the file's size.
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"{filename}.csv",
        content_type="text/csv; charset=utf-8",
    )


def xlsx_response(rows: Iterable[list], filename: str, title: str) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    moment_format = _XLSX_THAI_FORMAT if _thai_reader() else _XLSX_ENGLISH_FORMAT
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=escape_cell(value))
            if isinstance(value, datetime.datetime):
                cell.number_format = moment_format
            elif isinstance(cell.value, str):
                # Text stays text even if openpyxl guessed a formula.
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export(cohort: Cohort, kind: str, file_format: str):
    """`kind` is "roster" or "attendance"; `file_format` is "csv" or "xlsx"."""
    rows = roster_rows(cohort) if kind == "roster" else attendance_rows(cohort)
    filename = f"{cohort.code}-{kind}"
    if file_format == "xlsx":
        title = _("Roster") if kind == "roster" else _("Attendance")
        return xlsx_response(rows, filename, title)
    return csv_response(rows, filename)
