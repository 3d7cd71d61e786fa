"""Importing a cohort's participants from CSV or XLSX: one validation and one save, used alike
by the admin upload (directly, or through a Celery job for big files) and by
`manage.py import_participants FILE --cohort CODE`.

The whole file is checked first and nothing is written unless every row is valid; then all rows
are saved in one transaction. Before any parsing, an XLSX file's zip directory is checked
against the `PARTICIPANT_IMPORT_XLSX_*` settings (`check_workbook`: a 1 MB upload can declare
1 GB of XML), and every file is bounded to `PARTICIPANT_IMPORT_MAX_ROWS` rows. Rows are streamed
(CSV line by line, XLSX in openpyxl's read-only mode) and saved in chunks, so memory grows only
with the set of e-mail addresses seen and, for an XLSX file of up to `XLSX_KEPT_ROWS` rows, its
cells, kept so that the sheet is parsed once.
"""

import codecs
import csv
import io
import itertools
import logging
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from accounts.models import Role, User
from accounts.names import normalise_email, normalise_name
from accounts.validators import validate_latin_name, validate_thai_name
from cms.reference import Agency, Province
from courses import notifications
from courses import seats as seat_ledger
from courses.models import Cohort, Enrollment, ParticipantImport

logger = logging.getLogger(__name__)

HEADERS = (
    "email",
    "title_th",
    "first_name_th",
    "last_name_th",
    "first_name_en",
    "last_name_en",
    "agency",
    "position",
    "province",
)
REQUIRED = ("email", "first_name_th", "last_name_th")

# What each column holds, for the template files and the upload page.
HEADER_HELP = {
    "email": _("Work e-mail address (required); matches an existing account if there is one."),
    "title_th": _("Thai title: นาย, นาง, นางสาว or ดร. (may be empty)."),
    "first_name_th": _("First name in Thai (required)."),
    "last_name_th": _("Last name in Thai (required)."),
    "first_name_en": _("First name in English (may be empty)."),
    "last_name_en": _("Last name in English (may be empty)."),
    "agency": _("Agency, by its Thai or English name as listed in reference data (may be empty)."),
    "position": _("Position (may be empty)."),
    "province": _("Province, by its Thai or English name (may be empty)."),
}

# Rows per database round trip when looking people up and saving them.
CHUNK_SIZE = 500
# Rows of an XLSX file (the header included) whose cells are kept between the validating and
# the saving reading, so that the sheet is parsed only once. Kept cells take about 0.8 KB a row
# with Thai names (Python stores Thai text at two bytes a character): 7.5 MB for 10,000 rows,
# at most about 16 MB. Bigger workbooks are parsed twice instead.
XLSX_KEPT_ROWS = 20_000
# Errors kept for display; the report always carries the full count.
MAX_REPORTED_ERRORS = 500
# Columns of an XLSX sheet that are read. A sheet may declare up to 16,384 columns and
# openpyxl pads every row to the declared width; nine are used, the rest only hide typos.
XLSX_MAX_COLUMNS = 64
# Parts of a workbook smaller than this may compress as much as they like (a sheet of empty
# styled cells does); the ratio limit is for the parts that could fill the memory.
XLSX_RATIO_FROM_BYTES = 1024 * 1024
MB = 1024 * 1024

_MAX_LENGTHS = {
    "first_name_th": 150,
    "last_name_th": 150,
    "first_name_en": 150,
    "last_name_en": 150,
    "position": 255,
}
# The script each name column must be in: the rule of sign-up and My profile
# (accounts.validators), as certificates print the names exactly as imported.
_SCRIPT_RULES = (
    (
        ("first_name_th", "last_name_th"),
        validate_thai_name,
        _(
            "“%(value)s” is not written in Thai script: type the Thai name with Thai letters, "
            "spaces, “.” and “-” only (the English name goes in first_name_en and last_name_en)."
        ),
    ),
    (
        ("first_name_en", "last_name_en"),
        validate_latin_name,
        _(
            "“%(value)s” is not written in Latin letters: type the English name with A–Z "
            "(accents allowed), spaces, “.”, “-” and “'” only, or leave it empty."
        ),
    ),
)
_THAI_TITLES = {choice.value for choice in User.TitleTh if choice.value}
# English titles that go with each Thai one, so imported people get both.
_TITLE_EN = {"นาย": "Mr", "นาง": "Mrs", "นางสาว": "Ms", "ดร.": "Dr"}


class ImportRefused(Exception):
    """The file cannot be imported as a whole; `message` is a lazy translation, %-formatted
    with `params`."""

    def __init__(self, message, params: dict | None = None):
        super().__init__(message)
        self.message = message
        self.params = params or {}

    def text(self) -> str:
        """The message in the active language."""
        return str(self.message) % self.params


class ImportFileError(ImportRefused):
    """The file cannot be read at all (not CSV or XLSX, damaged, unknown encoding)."""


@dataclass
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # a header name, or "" for the whole row or file
    message: object  # a lazy translation, %-formatted with `params`
    params: dict = field(default_factory=dict)

    def text(self, language: str) -> str:
        with translation.override(language):
            return _printable(str(self.message) % self.params)

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": _printable(self.column),
            "th": self.text("th"),
            "en": self.text("en"),
        }


def _printable(text: str) -> str:
    """`text` with NUL shown as U+FFFD: a report quotes what the file holds, and PostgreSQL
    stores no NUL in text or JSON (the job's report would fail to save, and the job with it)."""
    return text.replace("\x00", "\ufffd")


@dataclass
class ImportReport:
    total_rows: int = 0
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)
    created_accounts: int = 0
    enrolled: int = 0
    already_enrolled: int = 0
    saved: bool = False
    # The header row had errors, so none of the `total_rows` data rows was checked.
    header_refused: bool = False
    # The enrolments this import seated (new or taken up again), to e-mail them; not shown.
    seated_ids: list[int] = field(default_factory=list, repr=False)

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error.as_dict())

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def lines(self) -> list[str]:
        """The report as plain text, each problem in Thai and in English."""
        lines = []
        for error in self.errors:
            column = f" [{error['column']}]" if error["column"] else ""
            lines.append(f"row {error['row']}{column}: {error['th']} / {error['en']}")
        if self.error_count > len(self.errors):
            lines.append(f"... {self.error_count - len(self.errors)} more")
        if self.saved:
            lines.append(
                f"{self.total_rows} rows: {self.enrolled} enrolled, "
                f"{self.already_enrolled} already enrolled, {self.created_accounts} new accounts"
            )
        elif self.header_refused:
            lines.append(
                f"{self.total_rows} rows not checked: the header row has errors; nothing saved"
            )
        else:
            lines.append(f"{self.total_rows} rows, {self.error_count} errors: nothing saved")
        return lines


# -- Reading --------------------------------------------------------------------------------


def _detect_encoding(binary) -> str:
    """UTF-8 (with or without BOM) if every byte decodes as such, else Thai Excel's cp874
    (a superset of TIS-620). Reads in chunks, so memory stays bounded."""
    binary.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := binary.read(64 * 1024):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp874"
    finally:
        binary.seek(0)
    return "utf-8-sig"


def check_workbook(binary) -> int:
    """Refuse an XLSX file whose zip archive would expand beyond the limits; return the total
    size its parts declare. Reads only the archive's directory: nothing is decompressed.

    The declared sizes are what counts, because Python's `zipfile` (which openpyxl reads
    through) stops each part at its declared size and fails its CRC check if the data goes on:
    a part cannot expand to more than it declares."""
    binary.seek(0)
    try:
        with zipfile.ZipFile(binary) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise ImportFileError(_("The file is neither CSV nor a readable XLSX workbook.")) from error
    finally:
        binary.seek(0)
    max_parts = settings.PARTICIPANT_IMPORT_XLSX_MAX_PARTS
    if len(parts) > max_parts:
        raise ImportFileError(
            _(
                "The workbook holds %(count)d parts; at most %(limit)d are accepted. "
                "Save the list alone in a new workbook, or as CSV."
            ),
            {"count": len(parts), "limit": max_parts},
        )
    max_part = settings.PARTICIPANT_IMPORT_XLSX_MAX_PART_BYTES
    max_ratio = settings.PARTICIPANT_IMPORT_XLSX_MAX_RATIO
    for part in parts:
        name = part.filename[:100]
        if part.file_size > max_part:
            raise ImportFileError(
                _(
                    "A part of the workbook (%(part)s) expands to %(size)d MB when opened; "
                    "at most %(limit)d MB is accepted. Split the list into smaller files."
                ),
                {"part": name, "size": _megabytes(part.file_size), "limit": max_part // MB},
            )
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size > XLSX_RATIO_FROM_BYTES and ratio > max_ratio:
            raise ImportFileError(
                _(
                    "A part of the workbook (%(part)s) is compressed %(ratio)d times; at most "
                    "%(limit)d times is accepted. A list of people never compresses that much: "
                    "save it again from Excel, or as CSV."
                ),
                {"part": name, "ratio": ratio, "limit": max_ratio},
            )
    total = sum(part.file_size for part in parts)
    max_total = settings.PARTICIPANT_IMPORT_XLSX_MAX_BYTES
    if total > max_total:
        raise ImportFileError(
            _(
                "The workbook expands to %(size)d MB when opened; at most %(limit)d MB is "
                "accepted. Split the list into smaller files, or save it as CSV."
            ),
            {"size": _megabytes(total), "limit": max_total // MB},
        )
    return total


def _megabytes(size: int) -> int:
    """Rounded up, so that a size just over a limit never reads as equal to it."""
    return -(-size // MB)


def _too_many_rows() -> ImportRefused:
    limit = settings.PARTICIPANT_IMPORT_MAX_ROWS
    return ImportRefused(
        _(
            "The file has more than %(limit)d rows below the header; at most %(limit)d are "
            "accepted in one file. Split the list into several files."
        ),
        {"limit": limit},
    )


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class ParticipantFile:
    """A participant list that can be read several times, row by row. `binary` is any
    seekable binary file (an upload, a file from storage, an open file on disk).

    Parsing XLSX is the slow part of reading, so the cells of a workbook of up to
    `XLSX_KEPT_ROWS` rows are kept from the first reading for the next ones (the import reads
    the file twice: to validate it, then to save it). Bigger workbooks are parsed each time,
    which keeps memory bounded."""

    def __init__(self, binary, name: str = ""):
        self.binary = binary
        binary.seek(0)
        magic = binary.read(4)
        binary.seek(0)
        self.is_xlsx = is_xlsx(magic, name)
        if not self.is_xlsx and magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise ImportFileError(
                _("This is an old Excel (.xls) file. Save it as .xlsx or CSV and upload again.")
            )
        if self.is_xlsx:
            check_workbook(binary)
        self.encoding = "" if self.is_xlsx else _detect_encoding(binary)
        self._kept_rows: list[tuple[str, ...]] | None = None

    def rows(self) -> Iterator[tuple[int, Sequence[str]]]:
        """(row number, cells as text), the header being row 1. Raises `ImportRefused` past
        `PARTICIPANT_IMPORT_MAX_ROWS` rows below the header."""
        if self._kept_rows is not None:
            yield from enumerate(self._kept_rows, start=1)
            return
        self.binary.seek(0)
        last = settings.PARTICIPANT_IMPORT_MAX_ROWS + 1
        for number, cells in self._xlsx_rows(last) if self.is_xlsx else self._csv_rows():
            if number > last:
                raise _too_many_rows()
            yield number, cells

    def _csv_rows(self):
        text = io.TextIOWrapper(self.binary, encoding=self.encoding, newline="")
        try:
            yield from enumerate(csv.reader(text), start=1)
        except csv.Error as error:
            raise ImportFileError(_("The CSV file is damaged and cannot be read.")) from error
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("The file is neither UTF-8 nor Thai (TIS-620) text. Save it as CSV UTF-8.")
            ) from error
        finally:
            # Hand the file back to its owner instead of closing it with the wrapper.
            text.detach()

    def _xlsx_rows(self, last: int):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self.binary, read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise ImportFileError(
                _("The file is neither CSV nor a readable XLSX workbook.")
            ) from error
        kept: list[tuple[str, ...]] | None = []
        try:
            sheet = workbook.worksheets[0]
            # The size the sheet declares, when it does (Excel always does), refuses a list
            # that is too long before its rows are parsed.
            if (sheet.max_row or 0) > last:
                raise _too_many_rows()
            rows = sheet.iter_rows(values_only=True, max_col=XLSX_MAX_COLUMNS)
            for number, values in enumerate(rows, start=1):
                cells = tuple(_cell_text(value) for value in values)
                # openpyxl pads every row to `max_col`: keep no empty tail.
                end = len(cells)
                while end and not cells[end - 1]:
                    end -= 1
                cells = cells[:end]
                if kept is not None:
                    kept.append(cells)
                    if number > XLSX_KEPT_ROWS:
                        kept = None
                yield number, cells
        finally:
            workbook.close()
        # Only a reading that went to the end stands for the whole sheet.
        self._kept_rows = kept


def is_xlsx(magic: bytes, name: str) -> bool:
    """Whether a file is read as XLSX: a zip archive, or named so."""
    return magic == b"PK\x03\x04" or name.lower().endswith(".xlsx")


# -- Validation -----------------------------------------------------------------------------


@dataclass
class _Person:
    row: int
    email: str
    title_th: str
    first_name_th: str
    last_name_th: str
    first_name_en: str
    last_name_en: str
    agency_id: int | None
    position: str
    province_id: int | None


def _name_key(value: str) -> str:
    return normalise_name(value).casefold()


class _Lookups:
    """Agencies and provinces by Thai or English name, loaded once per import."""

    def __init__(self):
        agencies = Agency.objects.values_list("pk", "name_th", "name_en")
        self.agencies = self._index((pk, name) for pk, *names in agencies for name in names if name)
        self.provinces = self._index(Province.objects.names())  # with "กทม." and the like

    @staticmethod
    def _index(names) -> dict[str, int]:
        index: dict[str, int] = {}
        for pk, name in names:
            index.setdefault(_name_key(name), pk)
        return index


def import_email(value: str) -> str:
    """Trimmed, NFKC-folded (full-width look-alikes become ASCII), zero-width characters
    removed, case-folded: the form in which imported addresses are compared and stored."""
    return normalise_email(value).casefold()


def _check_headers(cells: Sequence[str], report: ImportReport) -> dict[str, int] | None:
    headers = [normalise_name(cell).lstrip("\ufeff") for cell in cells]
    positions: dict[str, int] = {}
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
        elif header in positions:
            report.add_error(
                RowError(1, header, _("The column “%(column)s” appears twice."), {"column": header})
            )
        else:
            positions[header] = index
    # Optional columns may be left out of the file altogether: they are read as empty.
    for header in REQUIRED:
        if header not in positions:
            report.add_error(
                RowError(1, header, _("The column “%(column)s” is missing."), {"column": header})
            )
    return positions if report.ok else None


def _parse_row(
    number: int, cells: Sequence[str], positions: dict[str, int], lookups: _Lookups
) -> tuple[_Person | None, list[RowError]]:
    values = {
        header: (cells[index] if index < len(cells) else "") for header, index in positions.items()
    }
    errors: list[RowError] = [
        RowError(
            number,
            header,
            _(
                "This cell holds a NUL character (code 0), which cannot be saved. It usually "
                "comes from a file converted from another program: retype the cell."
            ),
        )
        for header, value in values.items()
        if "\x00" in value
    ]
    values.update({header: "" for header in HEADERS if header not in positions})
    # Other control characters, bidirectional controls and zero-width characters are removed
    # by the normalisation below, as in names typed anywhere else.
    email = import_email(values["email"])
    names = {
        key: normalise_name(values[key])
        for key in ("first_name_th", "last_name_th", "first_name_en", "last_name_en", "position")
    }
    title_th = normalise_name(values["title_th"])
    for header in REQUIRED:
        if not (email if header == "email" else names[header]):
            errors.append(RowError(number, header, _("This column must not be empty.")))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                RowError(
                    number, "email", _("“%(value)s” is not an e-mail address."), {"value": email}
                )
            )
    if title_th and title_th not in _THAI_TITLES:
        errors.append(
            RowError(
                number,
                "title_th",
                _("Unknown title “%(value)s”. Use one of: %(choices)s, or leave it empty."),
                {"value": title_th, "choices": ", ".join(sorted(_THAI_TITLES))},
            )
        )
    with_nul = {error.column for error in errors}
    for headers, validate_script, message in _SCRIPT_RULES:
        for header in headers:
            if header in with_nul:
                continue
            try:
                validate_script(names[header])
            except ValidationError:
                errors.append(RowError(number, header, message, {"value": names[header]}))
    for header, limit in _MAX_LENGTHS.items():
        if len(names[header]) > limit:
            errors.append(
                RowError(
                    number,
                    header,
                    _("Longer than %(limit)d characters."),
                    {"limit": limit},
                )
            )
    agency_id = province_id = None
    if agency := normalise_name(values["agency"]):
        agency_id = lookups.agencies.get(_name_key(agency))
        if agency_id is None:
            errors.append(
                RowError(
                    number,
                    "agency",
                    _("No agency is named “%(value)s” (in Thai or English)."),
                    {"value": agency},
                )
            )
    if province := normalise_name(values["province"]):
        province_id = lookups.provinces.get(_name_key(province))
        if province_id is None:
            errors.append(
                RowError(
                    number,
                    "province",
                    _("No province is named “%(value)s” (in Thai or English)."),
                    {"value": province},
                )
            )
    if errors:
        return None, errors
    return (
        _Person(
            row=number,
            email=email,
            title_th=title_th,
            agency_id=agency_id,
            province_id=province_id,
            **names,
        ),
        [],
    )


def _people(
    source: ParticipantFile, report: ImportReport, lookups: _Lookups
) -> Iterator[_Person | None]:
    """Each data row as a person (None for a row with errors, which go into the report).
    Blank rows are skipped; a bad header stops the reading."""
    rows = source.rows()
    header = next(rows, None)
    if header is None:
        report.add_error(RowError(1, "", _("The file is empty.")))
        return
    positions = _check_headers(header[1], report)
    if positions is None:
        # Say how many rows the refused header kept from being checked, not "0 of 0".
        report.header_refused = True
        report.total_rows = sum(1 for _number, cells in rows if any(c.strip() for c in cells))
        return
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        report.total_rows += 1
        person, errors = _parse_row(number, cells, positions, lookups)
        for error in errors:
            report.add_error(error)
        yield person


def _chunks(iterable, size: int = CHUNK_SIZE):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _existing_users(emails: list[str]) -> dict[str, int]:
    """The primary key of each account that already has one of `emails`, by that e-mail."""
    # Uses the `user_unique_email_ci` index on Lower(email).
    users = (
        get_user_model()
        .objects.alias(email_ci=Lower("email"))
        .filter(email_ci__in=emails)
        .values_list("email", "pk")
    )
    return {import_email(email): pk for email, pk in users}


def _enrollments(cohort: Cohort, user_ids) -> dict[int, Enrollment]:
    return {
        enrollment.learner_id: enrollment
        for enrollment in Enrollment.objects.filter(cohort=cohort, learner_id__in=user_ids)
    }


Progress = Callable[[int, int], None]  # (rows checked, errors so far)


def validate(source: ParticipantFile, cohort: Cohort, progress: Progress | None = None):
    """Check every row without writing anything. Returns the report; `report.ok` tells
    whether the file may be saved."""
    report = ImportReport()
    cohort.refresh_from_db(fields=["capacity", "seats_taken"])
    lookups = _Lookups()
    trainer_ids = set(cohort.trainers.values_list("pk", flat=True))
    first_row: dict[str, int] = {}
    seats_needed = 0
    for chunk in _chunks(_people(source, report, lookups)):
        people = [person for person in chunk if person is not None]
        for person in people:
            if person.email in first_row:
                report.add_error(
                    RowError(
                        person.row,
                        "email",
                        _("“%(email)s” already appears in row %(first)d."),
                        {"email": person.email, "first": first_row[person.email]},
                    )
                )
            else:
                first_row[person.email] = person.row
        users = _existing_users([person.email for person in people])
        enrollments = _enrollments(cohort, list(users.values()))
        for person in people:
            user = users.get(person.email)
            if user is not None and user in trainer_ids:
                report.add_error(
                    RowError(
                        person.row,
                        "email",
                        _("%(email)s is a trainer of this cohort and cannot be enrolled in it."),
                        {"email": person.email},
                    )
                )
            enrollment = enrollments.get(user) if user else None
            if enrollment is None or enrollment.status not in Enrollment.SEATED:
                seats_needed += 1
        if progress:
            progress(report.total_rows, report.error_count)
    if report.total_rows == 0 and report.ok:
        report.add_error(RowError(2, "", _("The file has no participants below the header.")))
    if report.ok and seats_needed > cohort.seats_left:
        report.add_error(
            RowError(
                0,
                "",
                _(
                    "The file would enrol %(needed)d people but the cohort has only %(left)d "
                    "seats left. Raise the capacity or shorten the list."
                ),
                {"needed": seats_needed, "left": cohort.seats_left},
            )
        )
    return report


def _username_for(email: str, taken: set[str]) -> str:
    """People sign in with their e-mail, which doubles as the username (as at sign-up)."""
    username = email[:150]
    suffix = 2
    while username in taken:
        username = f"{email[:140]}.{suffix}"
        suffix += 1
    taken.add(username)
    return username


class _Inserter:
    """Inserts many rows of one model with a single `executemany`, for the import's hot path.

    `bulk_create` prepares every value of every object through the field API, which was most
    of an import's time (issue #4). Here only the `varying` columns are given per row, as plain
    `str`, `int` or `None` that every backend takes as they are; every other column holds the
    value of `template`, prepared once (defaults, `auto_now` dates, constant foreign keys).
    Plain SQL through Django's cursor, so it runs on SQLite and PostgreSQL alike."""

    def __init__(self, model, varying: tuple[str, ...], template):
        opts = model._meta
        fixed = [
            model_field
            for model_field in opts.concrete_fields
            if model_field.attname not in varying
            and not (model_field.primary_key and model_field.db_returning)  # the database's
        ]
        for model_field in fixed:
            if model_field.unique:
                raise ValueError(f"{model.__name__}.{model_field.name} is unique: vary it")
        columns = [opts.get_field(name).column for name in varying]
        columns += [model_field.column for model_field in fixed]
        self.constants = tuple(
            model_field.get_db_prep_save(model_field.pre_save(template, add=True), connection)
            for model_field in fixed
        )
        quote = connection.ops.quote_name
        # Quoted names from the model's options; every value is a parameter.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608
            quote(opts.db_table),
            ", ".join(quote(column) for column in columns),
            ", ".join(["%s"] * len(columns)),
        )

    def insert(self, rows: list[tuple]) -> None:
        if rows:
            constants = self.constants
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, [row + constants for row in rows])


# Per-row columns of the accounts an import creates; everything else is the same for all.
_USER_COLUMNS = (
    "username",
    "email",
    "title_th",
    "title_en",
    "first_name_th",
    "last_name_th",
    "first_name",
    "last_name",
    "agency_id",
    "position",
    "province_id",
)


def save(source: ParticipantFile, cohort: Cohort, *, by) -> ImportReport:
    """Create missing accounts and enrol everyone. Call only after `validate` passed, inside
    `transaction.atomic()`. Raises `ImportRefused` if the cohort filled up meanwhile.

    New accounts, their group memberships, new enrolments and their history rows are written
    with `_Inserter`; the rare enrolments that already exist (withdrawn, wait-listed ...) go
    through `bulk_update_with_history`. Every history row names `by` as its user."""
    report = ImportReport()
    lookups = _Lookups()
    user_model = get_user_model()
    learners = Group.objects.get(name=Role.LEARNERS)
    membership = user_model.groups.through
    history = Enrollment.history.model
    now = timezone.now()
    # An unusable password: imported people choose theirs through password reset.
    insert_users = _Inserter(
        user_model, _USER_COLUMNS, user_model(password=make_password(None), date_joined=now)
    )
    insert_memberships = _Inserter(membership, ("user_id",), membership(group_id=learners.pk))
    enrolled = Enrollment(
        cohort=cohort,
        status=Enrollment.Status.ENROLLED,
        method=Enrollment.Method.IMPORT,
        status_changed_by=by,
        completed_at=None,
    )
    insert_enrollments = _Inserter(Enrollment, ("learner_id",), enrolled)  # sets its dates
    insert_history = _Inserter(
        history,
        ("id", "learner_id"),
        history(
            history_date=timezone.now(),  # after the enrolment's dates, as with one save()
            history_user=by or history.get_default_history_user(enrolled),
            history_change_reason=None,
            history_type="+",
            **{field.attname: getattr(enrolled, field.attname) for field in history.tracked_fields},
        ),
    )
    seats = 0
    for chunk in _chunks(_people(source, report, lookups)):
        people = [person for person in chunk if person is not None]
        if len(people) != len(chunk):
            raise ImportRefused(_("The file changed after it was checked. Upload it again."))
        users = _existing_users([person.email for person in people])
        new_people = [person for person in people if person.email not in users]
        if new_people:
            rows = _new_user_rows(new_people)
            insert_users.insert(rows)
            created = dict(
                user_model.objects.filter(username__in=[row[0] for row in rows]).values_list(
                    "username", "pk"
                )
            )
            insert_memberships.insert([(created[row[0]],) for row in rows])
            users.update({row[1]: created[row[0]] for row in rows})
            report.created_accounts += len(rows)
        enrollments = _enrollments(cohort, list(users.values()))
        to_create, to_update = [], []
        for person in people:
            user_id = users[person.email]
            enrollment = enrollments.get(user_id)
            if enrollment is None:
                to_create.append(user_id)
            elif enrollment.status in Enrollment.SEATED:
                report.already_enrolled += 1
            else:
                enrollment.status = Enrollment.Status.ENROLLED
                enrollment.method = Enrollment.Method.IMPORT
                enrollment.status_changed_by = by
                enrollment.status_changed_at = now
                enrollment.completed_at = None
                to_update.append(enrollment)
        if to_create:
            insert_enrollments.insert([(user_id,) for user_id in to_create])
            ids = list(
                Enrollment.objects.filter(cohort=cohort, learner_id__in=to_create).values_list(
                    "pk", "learner_id"
                )
            )
            insert_history.insert(ids)
            report.seated_ids.extend(pk for pk, _learner_id in ids)
        if to_update:
            bulk_update_with_history(
                to_update,
                Enrollment,
                ["status", "method", "status_changed_by", "status_changed_at", "completed_at"],
                default_user=by,
            )
            report.seated_ids.extend(enrollment.pk for enrollment in to_update)
        seats += len(to_create) + len(to_update)
        report.enrolled += len(to_create) + len(to_update)
    if seats:
        # The new enrolments are already in the ledger's count, not yet in `seats_taken`.
        ledger = seat_ledger.ledger(seat_ledger.lock_cohort(cohort.pk))
        if (
            ledger.quotas
            and ledger.seats_taken + seats + ledger.reserved_unfilled > ledger.capacity
        ):
            raise ImportRefused(
                _(
                    "The list would take seats reserved for agencies until their release date:"
                    " it has more people of other agencies than the seats open to them. Shorten"
                    " the list, change the seat quotas or raise the capacity. Nothing was saved."
                )
            )
    if seats and not Cohort.objects.filter(
        pk=cohort.pk, seats_taken__lte=F("capacity") - seats
    ).update(seats_taken=F("seats_taken") + seats):
        raise ImportRefused(
            _("The cohort filled up while the file was being saved. Nothing was saved.")
        )
    report.saved = True
    return report


def _new_user_rows(people: list[_Person]) -> list[tuple]:
    """`_USER_COLUMNS` of each new account, in that order."""
    taken = set(
        get_user_model()
        .objects.filter(username__in=[person.email[:150] for person in people])
        .values_list("username", flat=True)
    )
    return [
        (
            _username_for(person.email, taken),
            person.email,
            person.title_th,
            _TITLE_EN.get(person.title_th, ""),
            person.first_name_th,
            person.last_name_th,
            person.first_name_en,
            person.last_name_en,
            person.agency_id,
            person.position,
            person.province_id,
        )
        for person in people
    ]


def import_participants(
    binary,
    cohort: Cohort,
    *,
    by=None,
    name: str = "",
    progress: Progress | None = None,
    on_saved: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Validate the whole file, then save all of it or nothing. Never raises for bad data:
    every problem is in the returned report (`report.saved` is False). `on_saved` runs inside
    the saving transaction, so whatever it records commits with the enrolments or not at all."""
    checked: ImportReport | None = None
    try:
        source = ParticipantFile(binary, name)
        checked = validate(source, cohort, progress)
        if not checked.ok:
            return checked
        with transaction.atomic():
            saved = save(source, cohort, by=by)
            saved.total_rows = checked.total_rows
            # Each seated learner is told, in their language, once the import has committed.
            notifications.queue_import_emails(saved.seated_ids)
            if on_saved:
                on_saved(saved)
        return saved
    except ImportRefused as refusal:
        report = ImportReport()
        # Refused while saving (seat quotas, a cohort filled meanwhile): every row was read
        # and checked, so the report counts them ("2 of 2 rows checked"), not "0 of 0".
        if checked is not None:
            report.total_rows = checked.total_rows
        report.add_error(RowError(0, "", refusal.message, refusal.params))
        return report


def count_rows(binary, name: str = "") -> int:
    """Data rows in a file (blank rows not counted); 0 if it cannot be read."""
    try:
        rows = ParticipantFile(binary, name).rows()
        next(rows, None)
        return sum(1 for _number, cells in rows if any(cell.strip() for cell in cells))
    except ImportRefused:
        return 0


# -- Background jobs ------------------------------------------------------------------------

# A job whose worker has been silent this long is taken over by the next attempt.
STALE_AFTER = timedelta(minutes=15)


def run_import_job(job_id: int) -> None:
    """Run one uploaded `ParticipantImport`. Idempotent and restartable: the job is claimed
    with a conditional UPDATE (a second worker finds nothing to do), the save and the "done"
    status commit together, and a job left running by a killed worker is claimed again
    after `STALE_AFTER`."""
    now = timezone.now()
    claimed = (
        ParticipantImport.objects.filter(pk=job_id)
        .filter(
            Q(status=ParticipantImport.Status.QUEUED)
            | Q(status=ParticipantImport.Status.RUNNING, started_at__lt=now - STALE_AFTER)
        )
        .update(status=ParticipantImport.Status.RUNNING, started_at=now, processed_rows=0)
    )
    if not claimed:
        return
    job = ParticipantImport.objects.select_related("cohort", "created_by").get(pk=job_id)
    jobs = ParticipantImport.objects.filter(pk=job_id)

    def progress(done: int, errors: int) -> None:
        jobs.update(processed_rows=done, error_count=errors, started_at=timezone.now())

    def finish(report: ImportReport) -> None:
        jobs.update(
            status=ParticipantImport.Status.DONE
            if report.saved
            else ParticipantImport.Status.FAILED,
            finished_at=timezone.now(),
            total_rows=report.total_rows,
            processed_rows=0 if report.header_refused else report.total_rows,
            error_count=report.error_count,
            errors=report.errors,
            created_accounts=report.created_accounts,
            enrolled=report.enrolled,
            already_enrolled=report.already_enrolled,
        )

    try:
        with job.file.open("rb") as binary:
            if not job.total_rows:
                jobs.update(total_rows=count_rows(binary, job.original_name))
            report = import_participants(
                binary,
                job.cohort,
                by=job.created_by,
                name=job.original_name,
                progress=progress,
                on_saved=finish,
            )
    except Exception:
        # Whatever went wrong (a database error, the stored file gone), the saving transaction
        # was rolled back: the job ends failed, saying so, instead of "running" for ever.
        logger.exception("Participant import %s failed", job_id)
        report = ImportReport()
        report.add_error(
            RowError(
                0,
                "",
                _(
                    "The import stopped because of an unexpected error, and nothing was saved. "
                    "Upload the file again; if this happens again, tell the system administrator."
                ),
            )
        )
    if not report.saved:
        finish(report)


# -- Template files -------------------------------------------------------------------------


def _help_rows() -> list[tuple[str, str, str]]:
    rows = []
    for header in HEADERS:
        with translation.override("th"):
            thai = str(HEADER_HELP[header])
        with translation.override("en"):
            english = str(HEADER_HELP[header])
        rows.append((header, thai, english))
    return rows


def template_csv() -> bytes:
    """The header row only (any help row would be imported as a participant); UTF-8 with a
    BOM so Thai Excel opens it correctly."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(HEADERS)
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    """Sheet 1 is the list to fill in (only its header row); sheet 2 explains each column in
    Thai and English. Only the first sheet is ever imported."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "participants"
    sheet.append(list(HEADERS))
    help_rows = _help_rows()
    for cell, (_header, thai, english) in zip(sheet[1], help_rows, strict=True):
        cell.comment = Comment(f"{thai}\n{english}", "Gov Lab")
    help_sheet = workbook.create_sheet("help")
    help_sheet.append(["column", "คำอธิบาย", "Description"])
    for row in help_rows:
        help_sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
