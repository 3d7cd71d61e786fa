"""Nominations from a CSV or XLSX list: all or nothing, with the participant import's row
report in Thai and English."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from agencies.models import Nomination
from agencies.nomination_import import import_nominations
from outbox.models import OutboxMessage
from tests.agencies.helpers import make_agencies
from tests.courses.helpers import make_cohort
from tests.factories import make_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_agencies()


@pytest.fixture
def cohort():
    return make_cohort(title="รุ่นที่ 7", capacity=10)


def _csv(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join(lines) + "\n").encode("utf-8-sig"))


def _import(world, cohort, binary, name="list.csv"):
    return import_nominations(
        binary, name=name, by=world.coordinator, cohort=cohort, agency=world.lands
    )


def test_a_list_nominates_staff_and_invites_addresses_without_an_account(world, cohort):
    report = _import(
        world, cohort, _csv("email,first_name_th", f"{world.alice.email},อลิส", "New@Lands.go.th,")
    )

    assert report.saved and report.nominated == 2
    assert Nomination.objects.get(nominee=world.alice).status == "nominated"
    assert Nomination.objects.get(invited_email="new@lands.go.th").nominee is None


def test_one_bad_row_saves_nothing_and_is_reported_in_both_languages(world, cohort):
    report = _import(
        world, cohort, _csv("email", world.alice.email, world.charlie.email, world.alice.email)
    )

    assert not report.saved and report.error_count == 2
    assert [error["row"] for error in report.errors] == [3, 4]
    other_agency, duplicate = report.errors
    assert "row 2" in duplicate["en"]
    assert "not on the staff of Department of Lands" in other_agency["en"]
    assert "ไม่ใช่บุคลากรของกรมที่ดิน" in other_agency["th"]
    assert not Nomination.objects.exists() and not OutboxMessage.objects.exists()


def test_an_unknown_column_refuses_the_file(world, cohort):
    report = _import(world, cohort, _csv("e-mail", world.alice.email))

    assert not report.saved and report.header_refused
    assert {error["column"] for error in report.errors} == {"e-mail", "email"}
    assert not Nomination.objects.exists()


def test_an_xlsx_list_is_read_too(world, cohort):
    workbook = Workbook()
    workbook.active.append(["email"])
    workbook.active.append([world.bob.email])
    binary = io.BytesIO()
    workbook.save(binary)

    report = _import(world, cohort, binary, name="list.xlsx")

    assert report.saved and Nomination.objects.get().nominee == world.bob


def test_the_coordinator_uploads_a_list_on_the_nomination_page(client, world, cohort):
    make_home()
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("list.csv", _csv("email", world.charlie.email).getvalue())

    response = client.post(
        "/th/my-agency/nominate/", {"cohort": cohort.code, "file": upload, "agency": world.lands.pk}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "แถว 2" in html and "ไม่ใช่บุคลากรของกรมที่ดิน" in html
    assert not Nomination.objects.exists()
