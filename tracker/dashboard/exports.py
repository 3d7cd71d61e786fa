"""The OPDC dashboard's figures as files: one figure as CSV, every figure as an XLSX workbook."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse

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


def xlsx_response(figures: list[Figure], filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for figure in figures:
        sheet = workbook.create_sheet(title=figure.key[:31])
        sheet.append([figure.title])
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
