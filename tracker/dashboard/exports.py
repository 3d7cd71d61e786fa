"""The OPDC dashboard's figures as files: one figure as CSV, every figure as an XLSX workbook."""

import csv
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from tracker.dashboard.queries import Figure


def csv_response(figure: Figure, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(figure.columns)
    writer.writerows(figure.as_text_rows())
    # A byte-order mark, so Excel opens the Thai text as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Characters a sheet name may not hold, and its length limit (Excel's rules, kept by openpyxl).
_NOT_IN_SHEET_NAMES = re.compile(r"[\\/*?:\[\]]")
_SHEET_NAME_LENGTH = 31


def sheet_name(title: str, taken: set[str]) -> str:
    """A figure's title as a sheet name: legal, at most 31 characters, unique in the book."""
    name = _NOT_IN_SHEET_NAMES.sub(" ", title).strip()[:_SHEET_NAME_LENGTH] or "Sheet"
    candidate, number = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = name[: _SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def xlsx_response(
    figures: list[Figure], filename: str, about: list[tuple[str, str]] = ()
) -> HttpResponse:
    """One sheet per figure, named by its title in the reader's language, after a first
    sheet that says what made the file (when, and which filters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    cover = workbook.active
    taken: set[str] = set()
    cover.title = sheet_name(_("About this export"), taken)
    cover.append([_("OPDC dashboard")])
    cover["A1"].font = Font(bold=True, size=14)
    for label, value in about:
        cover.append([label, value])
    cover.append([])
    cover.append([_("Sheet"), _("Figure"), _("Description")])
    sheets = [(sheet_name(figure.sheet_title, taken), figure) for figure in figures]
    for name, figure in sheets:
        cover.append([name, figure.title, figure.description])
    cover.column_dimensions["A"].width = 32
    cover.column_dimensions["B"].width = 40
    for name, figure in sheets:
        sheet = workbook.create_sheet(title=name)
        sheet.append([figure.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(figure.columns)
        for row in figure.rows:
            sheet.append([float(value) if isinstance(value, Decimal) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
