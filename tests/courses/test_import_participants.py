"""Importing participants: encodings, all-or-nothing, duplicates, look-alike e-mails, the
management command, and the admin upload with its job page."""

import csv
import io

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.models import Role, User
from cms.reference import Agency, Province
from courses import importing, quotas
from courses.importing import HEADERS, import_participants
from courses.models import Cohort, Enrollment, ParticipantImport
from courses.quotas import QuotaChange
from tests.courses import workbooks
from tests.courses.helpers import make_cohort
from tests.courses.test_admin_dates import admin_in
from tests.courses.workbooks import csv_file, people, xlsx_file
from tests.factories import days_from_now, make_agency, make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db

ROW = {**workbooks.ROW, "agency": "สำนักงาน ก.พ.ร."}


@pytest.fixture(autouse=True)
def reference_data():
    # Provinces come with a data migration; agencies are entered by OPDC staff.
    Agency.objects.get_or_create(
        name_en="Office of the Public Sector", defaults={"name_th": "สำนักงาน ก.พ.ร."}
    )
    assert Province.objects.filter(name_th="เชียงใหม่", name_en="Chiang Mai").exists()


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    return make_cohort(capacity=30, trainers=[trainer])


def _rows(*overrides, count=None):
    if count is not None:
        return people(count, ROW)
    return [{**ROW, **override} for override in overrides]


def _enrolled(cohort):
    return list(
        Enrollment.objects.filter(cohort=cohort, status="enrolled").values_list(
            "learner__email", flat=True
        )
    )


# Encodings and formats --------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "tis-620", "cp874"])
def test_it_reads_thai_names_in_each_encoding(cohort, encoding):
    report = import_participants(csv_file(_rows({}), encoding), cohort)

    assert report.saved, report.lines()
    user = User.objects.get(email="somchai@agency.go.th")
    assert (user.first_name_th, user.last_name_th, user.title_th) == ("สมชาย", "ใจดี", "นาย")
    assert user.position == "นักวิเคราะห์นโยบายและแผน"


def test_it_reads_xlsx_with_columns_in_any_order(cohort):
    headers = tuple(reversed(HEADERS))
    report = import_participants(xlsx_file(_rows({}), headers), cohort, name="list.xlsx")

    assert report.saved, report.lines()
    assert _enrolled(cohort) == ["somchai@agency.go.th"]


@pytest.mark.parametrize("kept_rows", [20_000, 2], ids=["parsed once", "parsed twice"])
def test_a_workbook_imports_alike_whether_its_cells_are_kept_or_parsed_again(
    cohort, trainer, monkeypatch, kept_rows
):
    # Small workbooks are parsed once and their cells kept for the save; bigger ones (here
    # anything over 2 rows) are parsed again: either way every row is saved.
    monkeypatch.setattr(importing, "XLSX_KEPT_ROWS", kept_rows)
    rows = _rows(count=5)
    rows[4]["first_name_th"] = "สุดท้าย"

    report = import_participants(xlsx_file(rows), cohort, by=trainer, name="list.xlsx")

    assert report.saved, report.lines()
    assert (report.total_rows, report.enrolled, report.created_accounts) == (5, 5, 5)
    assert sorted(_enrolled(cohort)) == sorted(row["email"] for row in rows)
    assert User.objects.get(email="person4@agency.go.th").first_name_th == "สุดท้าย"
    history = Enrollment.history.filter(cohort=cohort)
    assert [(h.history_type, h.history_user, h.status) for h in history] == [
        ("+", trainer, "enrolled")
    ] * 5


def test_an_import_mixing_new_existing_and_waitlisted_people_seats_each_once(cohort, trainer):
    waitlisted = make_learner(email="person0@agency.go.th")
    Enrollment.objects.create(learner=waitlisted, cohort=cohort, status="waitlisted")
    seated = make_learner(email="person1@agency.go.th")
    Enrollment.objects.create(learner=seated, cohort=cohort, status="enrolled")
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=1)
    make_learner(email="person2@agency.go.th")

    report = import_participants(csv_file(_rows(count=4)), cohort, by=trainer)

    assert report.saved, report.lines()
    assert (report.enrolled, report.already_enrolled, report.created_accounts) == (3, 1, 1)
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 4
    assert len(_enrolled(cohort)) == 4
    new = User.objects.get(email="person3@agency.go.th")
    assert new.groups.filter(name=Role.LEARNERS).exists()
    assert not is_password_usable(new.password)
    changed = Enrollment.history.filter(cohort=cohort, history_user=trainer)
    assert sorted((h.learner.email, h.history_type) for h in changed) == [
        ("person0@agency.go.th", "~"),
        ("person2@agency.go.th", "+"),
        ("person3@agency.go.th", "+"),
    ]


def test_new_accounts_are_learners_without_a_usable_password(cohort, trainer):
    import_participants(csv_file(_rows({})), cohort, by=trainer)

    user = User.objects.get(email="somchai@agency.go.th")
    assert not is_password_usable(user.password)
    assert user.groups.filter(name=Role.LEARNERS).exists()
    assert user.agency.name_en == "Office of the Public Sector"
    assert user.province.name_th == "เชียงใหม่"
    enrollment = Enrollment.objects.get(learner=user, cohort=cohort)
    assert enrollment.method == Enrollment.Method.IMPORT
    assert enrollment.status_changed_by == trainer
    assert enrollment.history.get().history_user == trainer
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 1


def test_agency_and_province_match_by_either_language(cohort):
    rows = _rows(
        {"email": "a@agency.go.th", "agency": "office of the public sector", "province": ""},
        {"email": "b@agency.go.th", "agency": "", "province": "เชียงใหม่"},
    )
    report = import_participants(csv_file(rows), cohort)

    assert report.saved, report.lines()
    assert User.objects.get(email="a@agency.go.th").agency is not None
    assert User.objects.get(email="b@agency.go.th").province is not None


@pytest.mark.parametrize(
    "typed",
    ["กรุงเทพ", "กรุงเทพฯ", "กทม", "กทม.", " กทม. ", "Bangkok Metropolis", "krung thep"],
)
def test_bangkok_is_found_by_its_usual_short_names(cohort, typed):
    rows = _rows({"email": "a@agency.go.th", "province": typed})

    report = import_participants(csv_file(rows), cohort)

    assert report.errors == []
    assert User.objects.get(email="a@agency.go.th").province.name_th == "กรุงเทพมหานคร"


def test_other_provinces_are_found_by_their_usual_short_names(cohort):
    rows = _rows(
        {"email": "a@agency.go.th", "province": "อยุธยา"},
        {"email": "b@agency.go.th", "province": "โคราช"},
    )

    report = import_participants(csv_file(rows), cohort)

    assert report.errors == []
    provinces = User.objects.filter(email__in=["a@agency.go.th", "b@agency.go.th"])
    assert {user.province.name_en for user in provinces} == {
        "Phra Nakhon Si Ayutthaya",
        "Nakhon Ratchasima",
    }


def test_thai_names_are_normalised(cohort):
    # A zero-width space inside the name and a decomposed SARA AM (NIKHAHIT + SARA AA).
    rows = _rows({"first_name_th": "สม\u200bชาย", "last_name_th": "ค\u0e4d\u0e32สอน"})
    import_participants(csv_file(rows), cohort)

    user = User.objects.get(email="somchai@agency.go.th")
    assert user.first_name_th == "สมชาย"
    assert "\u200b" not in user.first_name_th


# All or nothing ---------------------------------------------------------------------------


def test_one_bad_row_saves_nothing_and_names_the_row_and_column(cohort):
    rows = _rows(count=5)
    rows[3]["email"] = "not-an-address"
    report = import_participants(csv_file(rows), cohort)

    assert not report.saved
    assert [(e["row"], e["column"]) for e in report.errors] == [(5, "email")]
    with translation.override("th"):
        thai = str(importing._("“%(value)s” is not an e-mail address.")) % {
            "value": "not-an-address"
        }
    assert report.errors[0]["th"] == thai
    assert report.errors[0]["en"] == "“not-an-address” is not an e-mail address."
    assert User.objects.filter(email__startswith="person").count() == 0
    assert Enrollment.objects.filter(cohort=cohort).count() == 0
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 0


def test_names_in_the_wrong_script_are_refused_as_at_sign_up(cohort):
    # As sign-up and My profile refuse them: certificates print the names as imported.
    rows = _rows(
        {"email": "a@agency.go.th", "first_name_th": "Somchai", "last_name_th": "Jaidee"},
        {"email": "b@agency.go.th", "first_name_en": "สมชาย"},
    )
    report = import_participants(csv_file(rows), cohort)

    assert not report.saved
    assert [(e["row"], e["column"]) for e in report.errors] == [
        (2, "first_name_th"),
        (2, "last_name_th"),
        (3, "first_name_en"),
    ]
    assert report.errors[0]["en"].startswith("“Somchai” is not written in Thai script")
    assert "Somchai" in report.errors[0]["th"] and "อักษรไทย" in report.errors[0]["th"]
    assert not User.objects.filter(email__in=["a@agency.go.th", "b@agency.go.th"]).exists()
    assert Enrollment.objects.filter(cohort=cohort).count() == 0


def test_every_problem_in_the_file_is_reported_at_once(cohort):
    rows = _rows(
        {"email": "a@agency.go.th", "first_name_th": ""},
        {"email": "b@agency.go.th", "agency": "ไม่มีหน่วยงานนี้", "title_th": "คุณ"},
        {"email": "c@agency.go.th", "province": "Atlantis"},
    )
    report = import_participants(csv_file(rows), cohort)

    problems = {(e["row"], e["column"]) for e in report.errors}
    assert problems == {(2, "first_name_th"), (3, "agency"), (3, "title_th"), (4, "province")}
    assert not User.objects.filter(email__in=[r["email"] for r in rows]).exists()


def test_wrong_headers_are_reported(cohort):
    headers = tuple(h for h in HEADERS if h != "email") + ("Email",)
    report = import_participants(csv_file([], headers=headers), cohort)

    assert not report.saved
    assert {e["column"] for e in report.errors} == {"Email", "email"}


def test_a_file_with_only_the_required_columns_imports(cohort):
    row = {"email": "malee@agency.go.th", "first_name_th": "มาลี", "last_name_th": "ใจงาม"}

    report = import_participants(csv_file([row], headers=importing.REQUIRED), cohort)

    assert report.errors == []
    assert report.saved
    learner = User.objects.get(email="malee@agency.go.th")
    assert (learner.full_name_th, learner.first_name, learner.province) == ("มาลี ใจงาม", "", None)
    assert _enrolled(cohort) == ["malee@agency.go.th"]


def test_a_missing_required_column_is_still_refused(cohort):
    row = {"email": "malee@agency.go.th", "first_name_th": "มาลี"}

    report = import_participants(csv_file([row], headers=("email", "first_name_th")), cohort)

    assert not report.saved
    assert [(e["row"], e["column"]) for e in report.errors] == [(1, "last_name_th")]
    assert not User.objects.filter(email="malee@agency.go.th").exists()


def test_duplicates_within_the_file_are_reported(cohort):
    rows = _rows(
        {"email": "a@agency.go.th"}, {"email": "b@agency.go.th"}, {"email": "A@agency.go.th "}
    )
    report = import_participants(csv_file(rows), cohort)

    assert not report.saved
    assert [(e["row"], e["column"]) for e in report.errors] == [(4, "email")]
    assert "row 2" in report.errors[0]["en"]


def test_look_alike_email_addresses_are_one_person(cohort):
    # Full-width letters and ＠, a zero-width space, upper case and spaces: all the same address.
    rows = _rows({"email": "a@agency.go.th"}, {"email": " ａ\u200b＠AGENCY.go.th"})
    report = import_participants(csv_file(rows), cohort)

    assert not report.saved
    assert report.errors[0]["row"] == 3


def test_an_existing_account_is_matched_by_normalised_email(cohort):
    existing = make_learner(email="somchai@agency.go.th", first_name_th="เดิม")
    rows = _rows({"email": "ＳＯＭＣＨＡＩ＠agency.go.th"})
    report = import_participants(csv_file(rows), cohort)

    assert report.saved, report.lines()
    assert report.created_accounts == 0
    assert User.objects.filter(email="somchai@agency.go.th").count() == 1
    assert Enrollment.objects.get(cohort=cohort).learner == existing
    # The person's own profile is theirs to edit; an import does not overwrite it.
    existing.refresh_from_db()
    assert existing.first_name_th == "เดิม"


def test_people_already_enrolled_are_counted_not_enrolled_twice(cohort):
    learner = make_learner(email="somchai@agency.go.th")
    Enrollment.objects.create(learner=learner, cohort=cohort, status="enrolled")
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=1)
    report = import_participants(csv_file(_rows({})), cohort)

    assert (report.enrolled, report.already_enrolled) == (0, 1)
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 1


def test_a_waitlisted_person_gets_a_seat(cohort):
    learner = make_learner(email="somchai@agency.go.th")
    Enrollment.objects.create(learner=learner, cohort=cohort, status="waitlisted")
    report = import_participants(csv_file(_rows({})), cohort)

    assert report.enrolled == 1
    assert Enrollment.objects.get(learner=learner).status == "enrolled"


def test_a_file_that_would_overfill_the_cohort_names_the_seats_left(trainer):
    cohort = make_cohort(capacity=3, trainers=[trainer])
    Cohort.objects.filter(pk=cohort.pk).update(seats_taken=1)
    report = import_participants(csv_file(_rows(count=3)), cohort)

    assert not report.saved
    assert "only 2 seats left" in report.errors[0]["en"]
    assert not Enrollment.objects.filter(cohort=cohort).exists()


def test_a_file_refused_over_seat_quotas_counts_its_rows_and_says_why(client, trainer):
    # Three seats, two of them reserved for an agency: two people of no agency do not fit.
    cohort = make_cohort(capacity=3, trainers=[trainer])
    quotas.reserve(
        cohort,
        QuotaChange(
            agency=make_agency("Department of Lands"), seats=2, release_on=days_from_now(7)
        ),
        trainer,
    )
    client.force_login(trainer)

    _upload(client, cohort, csv_file(_rows(count=2)))

    job = ParticipantImport.objects.get()
    assert (job.status, job.total_rows, job.processed_rows, job.error_count) == ("failed", 2, 2, 1)
    assert "seats reserved for agencies" in job.errors[0]["en"]
    page = client.get(reverse("courses_admin_import_job", args=[cohort.code, job.code]))
    with translation.override("th"):
        counted = gettext("%(done)s of %(total)s rows checked; %(errors)s errors.") % {
            "done": 2,
            "total": 2,
            "errors": 1,
        }
    assert counted in page.content.decode()
    assert job.errors[0]["th"] in page.content.decode()
    assert not Enrollment.objects.filter(cohort=cohort).exists()


def test_a_trainer_of_the_cohort_cannot_be_imported_into_it(cohort, trainer):
    report = import_participants(csv_file(_rows({"email": trainer.email})), cohort)

    assert not report.saved
    assert report.errors[0]["column"] == "email"


def test_an_old_excel_file_is_refused_clearly(cohort):
    report = import_participants(io.BytesIO(b"\xd0\xcf\x11\xe0" + b"\0" * 100), cohort)

    assert not report.saved
    assert ".xls" in report.errors[0]["en"]


def test_the_template_files_import_as_an_empty_list_with_the_right_headers(cohort):
    rows = list(csv.reader(io.StringIO(importing.template_csv().decode("utf-8-sig"))))
    assert rows == [list(HEADERS)]
    workbook = load_workbook(io.BytesIO(importing.template_xlsx()))
    assert [c.value for c in workbook.worksheets[0][1]] == list(HEADERS)
    assert workbook.worksheets[1].max_row == len(HEADERS) + 1


# The management command -------------------------------------------------------------------


def _write(tmp_path, buffer, name="people.csv"):
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_the_command_imports_a_good_file(cohort, tmp_path, capsys):
    path = _write(tmp_path, csv_file(_rows(count=3), "cp874"))
    call_command("import_participants", path, "--cohort", cohort.code)

    assert len(_enrolled(cohort)) == 3
    assert "3 enrolled" in capsys.readouterr().out


def test_the_command_exits_non_zero_and_saves_nothing_on_a_bad_row(cohort, tmp_path, capsys):
    rows = _rows(count=3)
    rows[1]["last_name_th"] = ""
    path = _write(tmp_path, csv_file(rows))

    with pytest.raises(CommandError):
        call_command("import_participants", path, "--cohort", cohort.code)

    assert "row 3 [last_name_th]" in capsys.readouterr().err
    assert not Enrollment.objects.filter(cohort=cohort).exists()
    assert not User.objects.filter(email__startswith="person").exists()


def test_the_command_exits_with_status_1_as_a_process(cohort, tmp_path):
    """CommandError becomes exit status 1 when run from the shell."""
    path = _write(tmp_path, csv_file(_rows({"email": "bad"})))
    with pytest.raises(SystemExit) as exit_info:
        from django.core.management import ManagementUtility

        ManagementUtility(
            ["manage.py", "import_participants", path, "--cohort", cohort.code]
        ).execute()
    assert exit_info.value.code == 1


def test_the_command_refuses_an_unknown_cohort(tmp_path):
    path = _write(tmp_path, csv_file(_rows({})))
    with pytest.raises(CommandError):
        call_command("import_participants", path, "--cohort", "NOPE")


# The admin upload and its job page ---------------------------------------------------------


def _upload(client, cohort, buffer, name="people.csv"):
    buffer.name = name
    return client.post(reverse("courses_admin_import", args=[cohort.code]), {"file": buffer})


def test_a_trainer_uploads_a_small_file_and_sees_the_result(client, trainer, cohort):
    client.force_login(trainer)

    response = _upload(client, cohort, csv_file(_rows(count=3)))

    job = ParticipantImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("courses_admin_import_job", args=[cohort.code, job.code])
    assert (job.status, job.total_rows, job.enrolled, job.created_by) == ("done", 3, 3, trainer)
    assert len(_enrolled(cohort)) == 3
    assert Enrollment.objects.filter(cohort=cohort).first().history.get().history_user == trainer
    page = client.get(response["Location"]).content.decode()
    with translation.override("th"):
        assert str(ParticipantImport.Status.DONE.label) in page


def test_an_upload_with_a_bad_row_shows_the_row_in_the_readers_language(client, trainer, cohort):
    rows = _rows(count=3)
    rows[2]["province"] = "Atlantis"
    client.force_login(trainer)

    response = _upload(client, cohort, xlsx_file(rows), "people.xlsx")

    job = ParticipantImport.objects.get()
    assert job.status == ParticipantImport.Status.FAILED
    assert not Enrollment.objects.filter(cohort=cohort).exists()
    page = client.get(response["Location"]).content.decode()
    error = job.errors[0]
    assert (error["row"], error["column"]) == (4, "province")
    assert "Atlantis" in error["th"]
    # The Thai admin reads the Thai problem only; the English admin the English one only.
    thai = page.replace("&quot;", '"')
    assert error["th"] in thai and error["en"] not in thai
    admin_in(client, trainer, "en")
    english = client.get(response["Location"]).content.decode().replace("&quot;", '"')
    assert error["en"] in english and error["th"] not in english
    assert "ปัญหา" not in english


def test_a_refused_header_says_how_many_rows_were_left_unchecked(client, trainer, cohort):
    client.force_login(trainer)
    headers = ("email", "first_name_th", "last_name_th", "nickname")

    response = _upload(client, cohort, csv_file(_rows(count=2), headers=headers))

    job = ParticipantImport.objects.get()
    assert job.status == ParticipantImport.Status.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "ไฟล์มีข้อมูล 2 แถว" in page
    assert "ยังไม่ได้ตรวจสอบแถวใด เพราะแถวหัวตาราง (แถวที่ 1) มีปัญหา" in page
    assert "0 จาก 0 แถว" not in page
    assert not Enrollment.objects.filter(cohort=cohort).exists()


def test_a_large_file_runs_as_a_background_job(
    client, trainer, cohort, monkeypatch, django_capture_on_commit_callbacks
):
    from courses import admin_imports

    monkeypatch.setattr(admin_imports, "BACKGROUND_BYTES", 100)
    client.force_login(trainer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _upload(client, cohort, csv_file(_rows(count=5)))

    # The request only stored the file: the worker counts its rows.
    job = ParticipantImport.objects.get()
    assert (job.status, job.total_rows) == ("queued", 0)
    assert not Enrollment.objects.filter(cohort=cohort).exists()
    assert len(callbacks) == 1
    callbacks[0]()  # what the worker does once the upload has committed (Celery runs eagerly)

    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.enrolled) == ("done", 5, 5)


def test_a_job_runs_once_even_if_delivered_twice(cohort, trainer):
    job = ParticipantImport(cohort=cohort, original_name="people.csv", created_by=trainer)
    job.file.save("people.csv", io.BytesIO(csv_file(_rows(count=2)).getvalue()), save=True)

    importing.run_import_job(job.pk)
    importing.run_import_job(job.pk)

    job.refresh_from_db()
    assert (job.status, job.enrolled) == ("done", 2)
    assert Enrollment.objects.filter(cohort=cohort).count() == 2
    assert Cohort.objects.get(pk=cohort.pk).seats_taken == 2


@pytest.mark.parametrize("persona", ["anonymous", "learner", "other trainer"])
def test_nobody_else_can_import(client, cohort, persona):
    if persona == "learner":
        client.force_login(make_learner())
    elif persona == "other trainer":
        client.force_login(make_trainer())

    response = _upload(client, cohort, csv_file(_rows({})))

    assert response.status_code == 302
    expected = reverse("wagtailadmin_home") if persona == "other trainer" else "/admin/login/"
    assert expected in response["Location"]
    assert not ParticipantImport.objects.exists()
    assert not User.objects.filter(email=ROW["email"]).exists()


def test_another_trainer_cannot_see_an_import_report(client, trainer, cohort):
    client.force_login(trainer)
    location = _upload(client, cohort, csv_file(_rows({})))["Location"]

    client.force_login(make_trainer())
    response = client.get(location)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_opdc_staff_can_import_into_any_cohort(client, cohort):
    client.force_login(make_opdc_staff())
    _upload(client, cohort, csv_file(_rows({})))
    assert _enrolled(cohort) == [ROW["email"]]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_trainers_download_the_template(client, trainer, file_format):
    client.force_login(trainer)
    response = client.get(reverse("courses_admin_import_template", args=[file_format]))
    assert response.status_code == 200
    assert f"participants-template.{file_format}" in response["Content-Disposition"]


def test_learners_cannot_download_the_template(client):
    client.force_login(make_learner())
    response = client.get(reverse("courses_admin_import_template", args=["csv"]))
    assert "/admin/login/" in response["Location"]
