"""Participant files that are hostile or damaged: XLSX zip bombs and the other limits checked
before parsing, too many rows, NUL and control characters in cells, and a job that fails in
an unexpected way. Each is refused with a message and leaves nothing imported."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from accounts.models import User
from courses import importing
from courses.importing import HEADERS, import_participants
from courses.models import Enrollment, ParticipantImport
from tests.courses.helpers import make_cohort
from tests.courses.workbooks import MB, ROW, csv_file, people, xlsx_file, zip_bomb
from tests.factories import make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    return make_cohort(capacity=100, trainers=[trainer])


def _upload(client, cohort, buffer, name):
    buffer.name = name
    return client.post(reverse("courses_admin_import", args=[cohort.code]), {"file": buffer})


def _nothing_imported(cohort):
    assert not Enrollment.objects.filter(cohort=cohort).exists()
    assert not User.objects.filter(email__startswith="person").exists()


def _thai(report) -> str:
    error = report.errors[0]
    assert error["th"] != error["en"], "the message has no Thai translation"
    return error["th"]


# XLSX archives: checked before anything is parsed ----------------------------------------


def test_an_xlsx_zip_bomb_is_refused_at_the_upload_without_being_opened(client, trainer, cohort):
    # 80 MB of XML in a file of about 80 KB: over the 64 MB a part may declare.
    client.force_login(trainer)

    response = _upload(client, cohort, zip_bomb(80 * MB), "people.xlsx")

    assert response.status_code == 200  # the form again, with the error
    page = response.content.decode()
    with translation.override("th"):  # the admin speaks Thai unless the user chose English
        refusal = pytest.raises(
            importing.ImportRefused, importing.check_workbook, zip_bomb(80 * MB)
        )
        expected = refusal.value.text()
    assert "xl/worksheets/sheet1.xml" in expected
    assert "64" in expected
    assert expected in page
    assert not ParticipantImport.objects.exists()
    _nothing_imported(cohort)


def test_an_xlsx_zip_bomb_is_refused_by_the_import_itself(cohort, trainer):
    # The worker and the management command check the archive too, before openpyxl opens it.
    report = import_participants(zip_bomb(80 * MB), cohort, by=trainer, name="people.xlsx")

    assert not report.saved
    assert report.errors[0]["en"] == (
        "A part of the workbook (xl/worksheets/sheet1.xml) expands to 81 MB when opened; at "
        "most 64 MB is accepted. Split the list into smaller files."
    )
    assert "64" in _thai(report)
    _nothing_imported(cohort)


def test_a_workbook_whose_parts_add_up_to_too_much_is_refused(cohort, settings):
    settings.PARTICIPANT_IMPORT_XLSX_MAX_BYTES = 1 * MB
    # 2,000 people: about 1.2 MB of XML, each part under the part limit.
    report = import_participants(xlsx_file(people(2000)), cohort, name="people.xlsx")

    assert not report.saved
    assert report.errors[0]["en"] == (
        "The workbook expands to 2 MB when opened; at most 1 MB is accepted. Split the list "
        "into smaller files, or save it as CSV."
    )
    assert "1 MB" in _thai(report)
    _nothing_imported(cohort)


def test_a_part_compressed_beyond_the_ratio_is_refused(cohort, settings):
    settings.PARTICIPANT_IMPORT_XLSX_MAX_RATIO = 10
    # The sheet of 2,000 people is compressed about 15 times and is over 1 MB.
    report = import_participants(xlsx_file(people(2000)), cohort, name="people.xlsx")

    assert not report.saved
    assert "xl/worksheets/sheet1.xml" in report.errors[0]["en"]
    assert "at most 10 times" in report.errors[0]["en"]
    _thai(report)
    _nothing_imported(cohort)


def test_a_workbook_of_too_many_parts_is_refused_at_the_upload(client, trainer, cohort, settings):
    settings.PARTICIPANT_IMPORT_XLSX_MAX_PARTS = 5
    client.force_login(trainer)

    response = _upload(client, cohort, xlsx_file(people(2)), "people.xlsx")

    assert response.status_code == 200
    assert "รับได้ไม่เกิน 5 ส่วน" in response.content.decode()  # the admin speaks Thai
    assert not ParticipantImport.objects.exists()
    _nothing_imported(cohort)


def test_a_file_that_is_not_a_zip_but_named_xlsx_is_refused_at_the_upload(client, trainer, cohort):
    client.force_login(trainer)

    response = _upload(client, cohort, io.BytesIO(b"PK\x03\x04 not really"), "people.xlsx")

    assert response.status_code == 200
    assert not ParticipantImport.objects.exists()


def test_a_legitimate_workbook_within_the_limits_imports(client, trainer, cohort):
    client.force_login(trainer)

    _upload(client, cohort, xlsx_file(people(30)), "people.xlsx")

    job = ParticipantImport.objects.get()
    assert (job.status, job.total_rows, job.enrolled) == ("done", 30, 30)


# Rows -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_file",
    [
        pytest.param(lambda rows: (csv_file(rows), "people.csv"), id="csv"),
        pytest.param(lambda rows: (xlsx_file(rows), "people.xlsx"), id="xlsx with its size"),
        pytest.param(
            lambda rows: (xlsx_file(rows, write_only=True), "people.xlsx"), id="xlsx without"
        ),
    ],
)
def test_a_file_over_the_row_limit_is_refused_naming_the_limit(cohort, settings, make_file):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 3
    binary, name = make_file(people(4))

    report = import_participants(binary, cohort, name=name)

    assert not report.saved
    assert report.errors[0]["en"] == (
        "The file has more than 3 rows below the header; at most 3 are accepted in one file. "
        "Split the list into several files."
    )
    assert "3" in _thai(report)
    _nothing_imported(cohort)


def test_a_file_at_the_row_limit_imports(cohort, settings):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 3

    report = import_participants(xlsx_file(people(3)), cohort, name="people.xlsx")

    assert report.saved, report.lines()
    assert report.enrolled == 3


def test_an_uploaded_file_over_the_row_limit_ends_its_job_failed(client, trainer, cohort, settings):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 3
    client.force_login(trainer)

    _upload(client, cohort, csv_file(people(4)), "people.csv")

    job = ParticipantImport.objects.get()
    assert job.status == ParticipantImport.Status.FAILED
    assert "more than 3 rows" in job.errors[0]["en"]
    _nothing_imported(cohort)


def test_columns_far_to_the_right_are_not_read(cohort):
    # A sheet may declare 16,384 columns; only the first ones can hold the list.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    sheet.append([ROW[header] for header in HEADERS])
    sheet.cell(row=2, column=16_000, value="far away")
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    report = import_participants(buffer, cohort, name="people.xlsx")

    assert report.saved, report.lines()
    assert report.enrolled == 1


# Characters in cells ----------------------------------------------------------------------


def test_a_nul_in_a_cell_fails_the_job_naming_the_row_and_column(client, trainer, cohort):
    rows = people(3)
    rows[1]["last_name_th"] = "ใจ\x00ดี"
    client.force_login(trainer)

    response = _upload(client, cohort, csv_file(rows), "people.csv")

    assert response.status_code == 302
    job = ParticipantImport.objects.get()
    assert job.status == ParticipantImport.Status.FAILED
    assert [(error["row"], error["column"]) for error in job.errors] == [(3, "last_name_th")]
    assert "NUL" in job.errors[0]["en"]
    assert job.errors[0]["th"] != job.errors[0]["en"]
    assert job.enrolled == 0
    _nothing_imported(cohort)
    page = client.get(response["Location"]).content.decode()
    assert "last_name_th" in page


def test_a_nul_in_the_header_is_reported_without_the_nul(cohort):
    binary = io.BytesIO(",".join([*HEADERS, "ex\x00tra"]).encode() + b"\n")

    report = import_participants(binary, cohort)

    assert not report.saved
    assert all("\x00" not in str(error) for error in report.errors)
    assert "extra" in report.errors[0]["column"].replace("\ufffd", "")


def test_bidi_and_other_control_characters_are_removed_as_in_typed_names(cohort):
    rows = people(1)
    rows[0].update(
        {
            "first_name_th": "\u202eสมชาย\u202c",
            "last_name_th": "ใจ\x07ดี\x1b",
            "first_name_en": "Som\u2067chai\u2069",
            "position": "นักวิเคราะห์\x7f\tนโยบาย",
            "email": "person0\x01@agency.go.th",
        }
    )

    report = import_participants(csv_file(rows), cohort)

    assert report.saved, report.lines()
    user = User.objects.get(email="person0@agency.go.th")
    assert (user.first_name_th, user.last_name_th, user.first_name) == ("สมชาย", "ใจดี", "Somchai")
    assert user.position == "นักวิเคราะห์ นโยบาย"


# A job that fails unexpectedly ------------------------------------------------------------


def test_a_job_that_fails_unexpectedly_ends_failed_with_a_message(cohort, trainer):
    job = ParticipantImport(cohort=cohort, original_name="people.csv", created_by=trainer)
    job.file.save("people.csv", io.BytesIO(csv_file(people(2)).getvalue()), save=True)
    job.file.storage.delete(job.file.name)  # the stored file is gone (a lost volume)

    importing.run_import_job(job.pk)

    job.refresh_from_db()
    assert job.status == ParticipantImport.Status.FAILED
    assert job.finished_at is not None
    assert "unexpected error" in job.errors[0]["en"]
    assert job.errors[0]["th"] != job.errors[0]["en"]
    _nothing_imported(cohort)
