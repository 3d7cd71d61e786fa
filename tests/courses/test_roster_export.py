"""Roster and attendance exports: Thai text that Excel reads, formulas that never run, the
sessions x learners matrix, and only for people who may see the cohort."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from courses.exports import escape_cell
from courses.models import Attendance, Enrollment
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    cohort = make_cohort(trainers=[trainer])
    first = make_session(cohort, title="วันที่ 1")
    second = make_session(cohort, title="วันที่ 2", starts_at=first.starts_at + timedelta(days=1))
    somchai = Enrollment.objects.create(
        learner=make_learner(first_name_th="สมชาย", email="somchai@agency.go.th"),
        cohort=cohort,
        status="enrolled",
    )
    # A name that a spreadsheet would otherwise run as a formula.
    Enrollment.objects.create(
        learner=make_learner(first_name_th='=HYPERLINK("http://evil")', email="evil@agency.go.th"),
        cohort=cohort,
        status="enrolled",
    )
    Enrollment.objects.create(
        learner=make_learner(email="waiting@agency.go.th"), cohort=cohort, status="waitlisted"
    )
    Attendance.objects.create(session=first, enrollment=somchai, status="present", method="qr")
    Attendance.objects.create(session=second, enrollment=somchai, status="absent", method="trainer")
    return cohort


def _url(cohort, kind, file_format):
    return reverse("courses_admin_export", args=[cohort.code, kind, file_format])


def _csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Thai Excel needs
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx_rows(response):
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+66 81", "'+66 81"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("สมชาย", "สมชาย"),
        (42, 42),
        (None, ""),
    ],
)
def test_cells_that_would_start_a_formula_are_escaped(value, expected):
    assert escape_cell(value) == expected


def test_the_roster_csv_has_thai_text_and_escaped_formulas(client, trainer, cohort):
    client.force_login(trainer)

    response = client.get(_url(cohort, "roster", "csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    emails = [row[0] for row in rows[1:]]
    assert sorted(emails) == ["evil@agency.go.th", "somchai@agency.go.th", "waiting@agency.go.th"]
    by_email = {row[0]: row for row in rows[1:]}
    assert by_email["somchai@agency.go.th"][2] == "สมชาย"
    assert by_email["evil@agency.go.th"][2] == '\'=HYPERLINK("http://evil")'


def test_the_roster_xlsx_keeps_formulas_as_text(client, trainer, cohort):
    client.force_login(trainer)

    rows, sheet = _xlsx_rows(client.get(_url(cohort, "roster", "xlsx")))

    by_email = {row[0]: row for row in rows[1:]}
    assert by_email["somchai@agency.go.th"][2] == "สมชาย"
    evil = by_email["evil@agency.go.th"][2]
    assert evil == '\'=HYPERLINK("http://evil")'
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_attendance_export_is_a_sessions_by_learners_matrix(
    client, trainer, cohort, file_format
):
    client.force_login(trainer)

    response = client.get(_url(cohort, "attendance", file_format))

    rows = _csv_rows(response) if file_format == "csv" else _xlsx_rows(response)[0]
    header = rows[0]
    assert header[4].startswith("วันที่ 1") and header[5].startswith("วันที่ 2")
    by_email = {row[0]: row for row in rows[1:]}
    # Seated learners only; waitlisted people have no attendance to show.
    assert set(by_email) == {"somchai@agency.go.th", "evil@agency.go.th"}
    somchai = by_email["somchai@agency.go.th"]
    with translation.override("th"):  # the site's default language
        present, absent = str(Attendance.Status.PRESENT.label), str(Attendance.Status.ABSENT.label)
    assert [somchai[4], somchai[5]] == [present, absent]
    assert [str(somchai[6]), str(somchai[7])] == ["1", "50"]
    assert ["" if v is None else str(v) for v in by_email["evil@agency.go.th"][4:8]] == [
        "",
        "",
        "0",
        "0",
    ]


@pytest.mark.parametrize("persona", ["anonymous", "learner", "other trainer"])
@pytest.mark.parametrize("kind", ["roster", "attendance"])
def test_exports_are_refused_to_everyone_else(client, cohort, persona, kind):
    if persona == "learner":
        client.force_login(Enrollment.objects.filter(cohort=cohort).first().learner)
    elif persona == "other trainer":
        client.force_login(make_trainer())

    response = client.get(_url(cohort, kind, "csv"))

    assert response.status_code == 302
    expected = reverse("wagtailadmin_home") if persona == "other trainer" else "/admin/login/"
    assert expected in response["Location"]


def test_opdc_staff_can_export_any_cohort(client, cohort):
    client.force_login(make_opdc_staff())
    assert client.get(_url(cohort, "attendance", "xlsx")).status_code == 200


def test_an_unknown_format_is_not_found(client, trainer, cohort):
    client.force_login(trainer)
    response = client.get(_url(cohort, "roster", "pdf"))
    assert response.status_code in (302, 404)
    assert not response.has_header("Content-Disposition")


def _requested_at(cohort, email):
    from django.utils import timezone

    enrollment = Enrollment.objects.get(cohort=cohort, learner__email=email)
    return timezone.localtime(enrollment.requested_at).replace(tzinfo=None, second=0, microsecond=0)


@pytest.mark.parametrize("language", ["th", "en"])
def test_export_times_are_buddhist_era_for_thai_readers_and_real_times_in_xlsx(
    client, trainer, cohort, language
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = language
    profile.save()
    client.force_login(trainer)
    moment = _requested_at(cohort, "somchai@agency.go.th")
    year = moment.year + 543 if language == "th" else moment.year

    rows = _csv_rows(client.get(_url(cohort, "roster", "csv")))
    somchai = next(row for row in rows if row[0] == "somchai@agency.go.th")
    assert somchai[11] == f"{moment:%d/%m}/{year} {moment:%H:%M}"

    rows, sheet = _xlsx_rows(client.get(_url(cohort, "roster", "xlsx")))
    index = next(i for i, row in enumerate(rows) if row[0] == "somchai@agency.go.th")
    cell = list(sheet.iter_rows())[index][11]
    # A date-time Excel sorts and filters, shown in the reader's calendar.
    assert cell.value.replace(second=0, microsecond=0) == moment
    assert cell.number_format.startswith("[$-1070000]") == (language == "th")


def test_the_xlsx_sheets_are_named_in_the_readers_language(client, trainer, cohort):
    client.force_login(trainer)

    _, roster = _xlsx_rows(client.get(_url(cohort, "roster", "xlsx")))
    _, attendance = _xlsx_rows(client.get(_url(cohort, "attendance", "xlsx")))

    assert (roster.title, attendance.title) == ("รายชื่อผู้เรียน", "การเข้าร่วม")
