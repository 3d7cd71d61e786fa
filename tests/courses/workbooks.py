"""Participant files for the import tests and benchmarks, built in memory: rows of people, CSV,
XLSX (with or without the sheet's size) and an XLSX zip bomb.

`courses.importing.HEADERS` is the column order everywhere; a row is a dict by header.
"""

import csv
import io
import zipfile

from openpyxl import Workbook

from courses.importing import HEADERS

MB = 1024 * 1024
# One person, with no agency (the tests that name one create it first).
ROW = {
    "email": "somchai@agency.go.th",
    "title_th": "นาย",
    "first_name_th": "สมชาย",
    "last_name_th": "ใจดี",
    "first_name_en": "Somchai",
    "last_name_en": "Jaidee",
    "agency": "",
    "position": "นักวิเคราะห์นโยบายและแผน",
    "province": "Chiang Mai",
}


def people(count: int, row: dict = ROW) -> list[dict]:
    """`count` copies of `row`, each with its own e-mail address (person0@..., person1@...)."""
    return [{**row, "email": f"person{i}@agency.go.th"} for i in range(count)]


def _spelled(i: int, letters: str) -> str:
    """`i` written with `letters` as digits: names hold letters only, as the import checks."""
    spelled = letters[i % len(letters)]
    while i := i // len(letters):
        spelled = letters[i % len(letters)] + spelled
    return spelled


def numbered_person(i: int, prefix: str, province: str) -> dict:
    """The benchmarks' people: a name and an address of their own, one province for all."""
    return {
        "email": f"{prefix}{i}@agency.go.th",
        "title_th": "นางสาว",
        "first_name_th": f"สมศรี{_spelled(i, 'กขคงจฉชซญด')}",
        "last_name_th": "ใจดี",
        "first_name_en": f"Somsri{_spelled(i, 'abcdefghij')}",
        "last_name_en": "Jaidee",
        "agency": "",
        "position": "นักวิเคราะห์นโยบายและแผน",
        "province": province,
    }


def csv_file(rows, encoding: str = "utf-8", headers=HEADERS) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=headers, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode(encoding))


def xlsx_file(rows, headers=HEADERS, write_only: bool = False) -> io.BytesIO:
    # openpyxl's normal mode writes the sheet's size (<dimension>), as Excel does; its
    # write-only mode does not, so the rows must be counted as they are read.
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet() if write_only else workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row[header] for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def zip_bomb(expanded_bytes: int) -> io.BytesIO:
    """A real workbook whose first sheet, after its header and one person, holds
    `expanded_bytes` of white space between two elements: valid XML that compresses about a
    thousand times, and that an XML parser keeps in memory as one string."""
    source = zipfile.ZipFile(xlsx_file(people(1)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            data = source.read(part)
            if part.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(part.filename, data)
                continue
            head, tail = data.split(b"</row>", 1)
            with archive.open(part.filename, "w", force_zip64=True) as sheet:
                sheet.write(head + b"</row>")
                chunk = b" " * MB
                for _ in range(expanded_bytes // MB):
                    sheet.write(chunk)
                sheet.write(tail)
    buffer.seek(0)
    return buffer
