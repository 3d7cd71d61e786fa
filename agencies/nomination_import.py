"""Nominations from a list (CSV or XLSX), with the participant import's rules
(courses/importing.py, whose reading and report this reuses): the whole file is checked, then
every row is nominated or none is, and the report names each problem by row and column, in
Thai and in English.

A row is a person by e-mail address: staff of the agency with an account are nominated, an
address without one is invited. The list may be the participant import's template (its other
columns are read past); an unknown column is refused, as there. A coordinator's list is short,
so it is nominated while they wait, up to `MAX_ROWS` rows."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.names import normalise_name
from agencies import nominations
from courses.importing import (
    HEADERS,
    ImportRefused,
    ImportReport,
    ParticipantFile,
    RowError,
    import_email,
)

MAX_ROWS = 500
# The largest list accepted (bytes): 500 rows of the participant template fit many times over.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


@dataclass
class NominationReport(ImportReport):
    nominated: int = 0


def _email_column(cells: Sequence[str], report: ImportReport) -> int | None:
    headers = [normalise_name(cell).lstrip("\ufeff") for cell in cells]
    position = None
    for index, header in enumerate(headers):
        if not header:
            continue
        if header not in HEADERS:
            report.add_error(
                RowError(
                    1,
                    header,
                    _("Unknown column “%(column)s”. The columns are: %(expected)s."),
                    {"column": header, "expected": ", ".join(HEADERS)},
                )
            )
        elif header == "email":
            if position is not None:
                report.add_error(
                    RowError(
                        1, header, _("The column “%(column)s” appears twice."), {"column": header}
                    )
                )
            position = index
    if position is None:
        report.add_error(
            RowError(1, "email", _("The column “%(column)s” is missing."), {"column": "email"})
        )
    return position if report.ok else None


def _read(source: ParticipantFile, report: NominationReport) -> list[tuple[int, str]]:
    """The (row, address) of every data row, or none if the file has errors."""
    rows = source.rows()
    header = next(rows, None)
    if header is None:
        report.add_error(RowError(1, "", _("The file is empty.")))
        return []
    position = _email_column(header[1], report)
    if position is None:
        report.header_refused = True
        return []
    seen: dict[str, int] = {}
    found = []
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        report.total_rows += 1
        if report.total_rows > MAX_ROWS:
            raise ImportRefused(
                _("The list has more than %(limit)d people: split it into smaller lists."),
                {"limit": MAX_ROWS},
            )
        email = import_email(cells[position] if position < len(cells) else "")
        if not email:
            report.add_error(RowError(number, "email", _("The e-mail address is missing.")))
        elif email in seen:
            report.add_error(
                RowError(
                    number,
                    "email",
                    _("The address “%(email)s” is already on row %(row)d."),
                    {"email": email, "row": seen[email]},
                )
            )
        else:
            seen[email] = number
            found.append((number, email))
    if not report.total_rows:
        report.add_error(RowError(2, "", _("The list has nobody in it.")))
    return found


def import_nominations(
    binary, *, name: str = "", by, cohort, agency, respond_by=None
) -> NominationReport:
    """Nominate every person of the list, or nobody. Never raises for bad data: every problem
    is in the returned report (`report.saved` is False, nothing saved, nobody e-mailed)."""
    report = NominationReport()
    try:
        people = _read(ParticipantFile(binary, name), report)
    except ImportRefused as refusal:
        report.add_error(RowError(0, "", refusal.message, refusal.params))
        return report
    if report.header_refused or not people:
        return report
    # Rows that read well are nominated even when others did not, to report every problem
    # at once; the transaction is then rolled back.
    with transaction.atomic():
        for number, email in people:
            try:
                with transaction.atomic():
                    nominations.nominate(by, cohort, agency, email=email, respond_by=respond_by)
            except nominations.NominationRefused as refusal:
                report.add_error(RowError(number, "email", refusal.template, refusal.params))
            else:
                report.nominated += 1
        if not report.ok:
            # The e-mails of the rows that passed were queued on commit: none leaves.
            transaction.set_rollback(True)
            report.nominated = 0
            report.errors.sort(key=lambda error: error["row"])
            return report
    report.saved = True
    return report
