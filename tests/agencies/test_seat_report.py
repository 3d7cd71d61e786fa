"""Seats by agency (agencies/reports.py): what each number counts, the fiscal year's edges,
who may read which agencies, the files in Thai and English, and the dashboard's summary.

The world: the Ministry of Interior (the Department of Lands, the Department of Public Works)
and the Ministry of Agriculture (the Royal Irrigation Department). A cohort starting on
30 September 2026 (the last day of fiscal year 2569) with 10 seats: 4 reserved for Lands,
2 for every agency of Interior. A cohort starting on 1 October 2026 (the first day of 2570)
with 5 seats, 2 reserved for Lands.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from accounts.models import AgencyCoordinator
from agencies.models import AccessRecord
from agencies.reports import BY_MINISTRY, ReportFilters, seat_report
from cms.models import Ministry
from courses.models import Enrollment, SeatQuota
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_agency, make_home, make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db
D = datetime.date
Status = Enrollment.Status
ADMIN_PAGE = "/admin/agency-seats/"
ADMIN_EXPORT = "/admin/agency-seats/export/"
MY_SEATS = "/th/my-agency/seats/"
MY_EXPORT = "/th/my-agency/seats/export/"


class World:
    pass


def _enrol(cohort, agency, status, count=1):
    for _n in range(count):
        make_enrollment(cohort=cohort, learner=make_learner(agency=agency), status=status)


@pytest.fixture
def world():
    make_home()
    w = World()
    interior = Ministry.objects.create(name_th="กระทรวงมหาดไทย", name_en="Ministry of Interior")
    agriculture = Ministry.objects.create(
        name_th="กระทรวงเกษตรและสหกรณ์", name_en="Ministry of Agriculture and Cooperatives"
    )
    w.lands = make_agency("Department of Lands", name_th="กรมที่ดิน", ministry=interior)
    w.works = make_agency(
        "Department of Public Works", name_th="กรมโยธาธิการและผังเมือง", ministry=interior
    )
    w.irrigation = make_agency(
        "Royal Irrigation Department", name_th="กรมชลประทาน", ministry=agriculture
    )
    w.last_day = make_cohort(start_date=D(2026, 9, 30), end_date=D(2026, 10, 2), capacity=10)
    SeatQuota.objects.create(cohort=w.last_day, agency=w.lands, seats=4, release_on=D(2026, 9, 15))
    SeatQuota.objects.create(
        cohort=w.last_day, ministry=interior, seats=2, release_on=D(2026, 9, 15)
    )
    # Lands in 2569: 8 requests. Seated now: 1 completed, 2 enrolled; given a seat and lost
    # it: 1 no-show, 1 who withdrew after being seated; never seated: 1 waiting for
    # approval, 1 who withdrew from the waitlist, 1 rejected.
    _enrol(w.last_day, w.lands, Status.COMPLETED)
    _enrol(w.last_day, w.lands, Status.ENROLLED, 2)
    _enrol(w.last_day, w.lands, Status.NO_SHOW)
    seated_then_gone = make_enrollment(
        cohort=w.last_day, learner=make_learner(agency=w.lands), status=Status.ENROLLED
    )
    seated_then_gone.status = Status.WITHDRAWN
    seated_then_gone.save()
    _enrol(w.last_day, w.lands, Status.PENDING)
    waited_then_gone = make_enrollment(
        cohort=w.last_day, learner=make_learner(agency=w.lands), status=Status.WAITLISTED
    )
    waited_then_gone.status = Status.WITHDRAWN
    waited_then_gone.save()
    _enrol(w.last_day, w.lands, Status.REJECTED)
    # Public Works has no quota of its own: its one seated person fills the ministry's seat.
    _enrol(w.last_day, w.works, Status.ENROLLED)
    # Irrigation: no reserved seats, two people seated in open seats.
    _enrol(w.last_day, w.irrigation, Status.ENROLLED, 2)
    # Someone whose agency is not in the list.
    _enrol(w.last_day, None, Status.ENROLLED)

    w.first_day = make_cohort(start_date=D(2026, 10, 1), end_date=D(2026, 10, 3), capacity=5)
    SeatQuota.objects.create(cohort=w.first_day, agency=w.lands, seats=2, release_on=D(2026, 9, 20))
    _enrol(w.first_day, w.lands, Status.ENROLLED, 2)
    _enrol(w.first_day, w.irrigation, Status.PENDING)

    w.coordinator = make_learner(agency=w.lands)
    AgencyCoordinator.objects.create(user=w.coordinator, agency=w.lands)
    w.other_coordinator = make_learner(agency=w.irrigation)
    AgencyCoordinator.objects.create(user=w.other_coordinator, agency=w.irrigation)
    return w


def _numbers(line):
    return [
        line.offered,
        line.requested,
        line.approved,
        line.filled,
        line.completed,
        line.no_shows,
        line.fill_rate,
    ]


def _by_name(report):
    with translation.override("en"):
        return {line.name: _numbers(line) for line in report.lines}


def _english(**filters):
    """The report as the English site builds it."""
    with translation.override("en"):
        return seat_report(ReportFilters(**filters))


# --- What the numbers count --------------------------------------------------------------


def test_each_agency_counts_its_offered_requested_approved_filled_completed_and_no_shows(world):
    report = _english(fiscal_year=2569)

    assert _by_name(report) == {
        # 4 reserved; 8 requests; 5 given a seat; 3 of the 4 seats filled: 75 %.
        "Department of Lands": [4, 8, 5, 3, 1, 1, 75],
        # The ministry's seat its person filled counts in the ministry's row only.
        "Department of Public Works": [0, 1, 1, 0, 0, 0, None],
        "Royal Irrigation Department": [0, 2, 2, 0, 0, 0, None],
        "(no agency given)": [0, 1, 1, 0, 0, 0, None],
    }


def test_rolled_up_by_ministry_the_ministrys_own_seats_join_its_agencies(world):
    report = _english(fiscal_year=2569, group=BY_MINISTRY)

    assert _by_name(report) == {
        # Lands' 4 + the ministry's 2 offered; Lands fills 3, Public Works 1 of the ministry's.
        "Ministry of Interior": [6, 9, 6, 4, 1, 1, Decimal("66.7")],
        "Ministry of Agriculture and Cooperatives": [0, 2, 2, 0, 0, 0, None],
        "(no agency given)": [0, 1, 1, 0, 0, 0, None],
    }


def test_an_agencys_people_beyond_its_quota_fill_its_ministrys_seats(world):
    _enrol(world.last_day, world.lands, Status.ENROLLED, 2)  # 5 seated for 4 seats

    agencies = _by_name(_english(fiscal_year=2569))
    ministries = _by_name(_english(fiscal_year=2569, group=BY_MINISTRY))

    assert agencies["Department of Lands"][3] == 4  # its own 4 seats, no more
    assert ministries["Ministry of Interior"][3] == 6  # and both seats of the ministry


def test_the_open_seats_are_the_capacity_nobody_reserved(world):
    report = seat_report(ReportFilters())

    assert [(y.fiscal_year, y.capacity, y.reserved, y.open_seats) for y in report.years] == [
        (2570, 5, 2, 3),
        (2569, 10, 6, 4),
    ]


# --- Fiscal years ------------------------------------------------------------------------


def test_a_cohort_starting_on_30_september_and_one_on_1_october_fall_in_different_years(world):
    next_year = _by_name(_english(fiscal_year=2570))

    assert next_year == {
        "Department of Lands": [2, 2, 2, 2, 0, 0, 100],
        "Royal Irrigation Department": [0, 1, 0, 0, 0, 0, None],
    }


def test_every_year_lists_each_year_latest_first(world):
    report = _english()

    with translation.override("en"):
        rows = [(line.fiscal_year, line.name) for line in report.lines]
    assert rows == [
        (2570, "Department of Lands"),
        (2570, "Royal Irrigation Department"),
        (2569, "Department of Lands"),
        (2569, "Department of Public Works"),
        (2569, "Royal Irrigation Department"),
        (2569, "(no agency given)"),
    ]


def test_the_thai_report_orders_agencies_in_thai_dictionary_order(world):
    with translation.override("th"):
        report = seat_report(ReportFilters(fiscal_year=2569))
        names = [line.name for line in report.lines]
    assert names == ["กรมชลประทาน", "กรมที่ดิน", "กรมโยธาธิการและผังเมือง", "(ไม่ระบุหน่วยงาน)"]


# --- OPDC staff in the admin ---------------------------------------------------------------


@pytest.mark.parametrize("url", [ADMIN_PAGE, ADMIN_EXPORT + "?format=csv"])
def test_only_opdc_staff_read_every_agency(client, world, url):
    assert client.get(url).status_code == 302  # anonymous: to the admin log-in
    client.force_login(make_learner())
    assert client.get(url).status_code == 302  # no admin access
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 302  # a coordinator reads theirs on the public site
    trainer = make_trainer()
    world.last_day.trainers.add(trainer)
    client.force_login(trainer)
    refused = client.get(url)
    assert (refused.status_code, refused.url) == (302, "/admin/")  # even this cohort's trainer
    client.force_login(make_opdc_staff())
    assert client.get(url).status_code == 200
    assert AccessRecord.objects.count() == 0  # counts of agencies: nobody's record shown


def test_the_admin_page_shows_the_year_by_agency_and_by_ministry(client, world):
    client.force_login(make_opdc_staff())

    page = client.get(ADMIN_PAGE, {"fiscal_year": "2569"}).content.decode()
    ministries = client.get(ADMIN_PAGE, {"fiscal_year": "2569", "group": "ministry"})

    row = page.split('<th scope="row">กรมที่ดิน</th>', 1)[1].split("</tr>", 1)[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert cells == ["กระทรวงมหาดไทย", "4", "8", "5", "3", "1", "1", "75.0"]
    assert "ปีงบประมาณ 2569" in page
    html = ministries.content.decode()
    assert "กระทรวงมหาดไทย" in html and "กรมที่ดิน" not in html.split('data-report="seats"')[1]


def test_a_years_table_ends_with_its_total(client, world):
    client.force_login(make_opdc_staff())

    html = client.get(ADMIN_PAGE, {"fiscal_year": "2569", "group": "ministry"}).content.decode()

    total = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert '<th scope="row">รวม</th>' in total
    cells = [cell.split("</td>")[0] for cell in total.split("<td>")[1:]]
    # Every ministry's seats and the people without an agency: 12 requests in 2569.
    assert cells == ["2569", "6", "12", "9", "4", "1", "1", "66.7"]


def test_the_english_page_names_the_year_in_both_eras_and_the_thai_page_in_the_buddhist(
    client, world
):
    client.force_login(world.coordinator)

    english = client.get("/en/my-agency/seats/", {"fiscal_year": "2570"}).content.decode()
    thai = client.get(MY_SEATS, {"fiscal_year": "2570"}).content.decode()

    assert '<option value="2570" selected>FY 2027 (BE 2570)</option>' in english
    assert "Seats for my agency" in english and "Department of Lands" in english
    assert '<option value="2570" selected>ปีงบประมาณ 2570</option>' in thai
    assert "ที่นั่งของหน่วยงานของฉัน" in thai and "Department of Lands" not in thai
    # Every column header in Thai (a QA walk saw "Fill rate (%)" in English on the Thai page).
    assert "อัตราการใช้ที่นั่ง (%)" in thai and "Fill rate" not in thai


def test_the_dashboard_sums_the_year_and_links_to_the_report(client, world):
    client.force_login(make_opdc_staff())

    response = client.get("/admin/opdc-dashboard/", {"fiscal_year": "2569"})

    seats = response.context["seats"]
    # Every agency of 2569: 4 + 2 offered, 12 requests, 9 given a seat, 4 filled.
    assert _numbers(seats["total"]) == [6, 12, 9, 4, 1, 1, Decimal("66.7")]
    html = response.content.decode()
    assert 'href="/admin/agency-seats/?fiscal_year=2569&amp;group=agency"' in html
    assert "66.7 %" in html


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _xlsx(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def test_the_thai_csv_has_thai_headers_and_buddhist_era_years(client, world):
    client.force_login(make_opdc_staff())

    rows = _csv(client.get(ADMIN_EXPORT, {"format": "csv", "fiscal_year": "2569"}))

    assert rows[0] == [
        "ปีงบประมาณ (พ.ศ.)",
        "หน่วยงาน",
        "กระทรวง",
        "ที่นั่งที่จัดสรร",
        "คำขอ",
        "อนุมัติ",
        "ที่นั่งที่ใช้",
        "สำเร็จการอบรม",
        "ไม่มาเข้าร่วม",
        "อัตราการใช้ที่นั่ง (%)",
    ]
    assert rows[1:] == [
        ["2569", "กรมชลประทาน", "กระทรวงเกษตรและสหกรณ์", "0", "2", "2", "0", "0", "0", ""],
        ["2569", "กรมที่ดิน", "กระทรวงมหาดไทย", "4", "8", "5", "3", "1", "1", "75.0"],
        ["2569", "กรมโยธาธิการและผังเมือง", "กระทรวงมหาดไทย", "0", "1", "1", "0", "0", "0", ""],
        ["2569", "(ไม่ระบุหน่วยงาน)", "", "0", "1", "1", "0", "0", "0", ""],
    ]


def test_the_english_workbook_has_english_headers_and_still_buddhist_era_years(client, world):
    staff = make_opdc_staff()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(staff)

    response = client.get(ADMIN_EXPORT, {"format": "xlsx", "group": "ministry"})

    assert response.status_code == 200
    rows = _xlsx(response)
    assert rows[0] == (
        "Fiscal year (BE)",
        "Ministry",
        "Seats offered",
        "Requested",
        "Approved",
        "Filled",
        "Completed",
        "No-shows",
        "Fill rate (%)",
    )
    assert rows[1:] == [
        (2570, "Ministry of Agriculture and Cooperatives", 0, 1, 0, 0, 0, 0, None),
        (2570, "Ministry of Interior", 2, 2, 2, 2, 0, 0, 100),
        (2569, "Ministry of Agriculture and Cooperatives", 0, 2, 2, 0, 0, 0, None),
        (2569, "Ministry of Interior", 6, 9, 6, 4, 1, 1, 66.7),
        (2569, "(no agency given)", 0, 1, 1, 0, 0, 0, None),
    ]


def test_an_unknown_file_format_is_refused_with_a_message(client, world):
    client.force_login(make_opdc_staff())

    response = client.get(ADMIN_EXPORT, {"format": "pdf"})

    assert response.status_code == 400
    assert "CSV" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "99999", "๒๕๖๙x"])
def test_a_fiscal_year_that_is_not_one_reads_as_every_year(client, world, value):
    client.force_login(make_opdc_staff())

    response = client.get(ADMIN_PAGE, {"fiscal_year": value, "group": "nonsense"})

    assert response.status_code == 200
    assert response.context["report"].filters == ReportFilters()


def test_a_fiscal_year_in_thai_digits_is_understood(client, world):
    client.force_login(make_opdc_staff())

    response = client.get(ADMIN_PAGE, {"fiscal_year": "๒๕๗๐"})

    assert response.context["report"].filters.fiscal_year == 2570


# --- Coordinators --------------------------------------------------------------------------


@pytest.mark.parametrize("url", [MY_SEATS, MY_EXPORT + "?format=csv"])
def test_only_a_coordinator_reads_the_seats_of_their_agency(client, world, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response.url
    client.force_login(make_learner(agency=world.lands))  # staff, not its coordinator
    assert client.get(url).status_code == 403
    client.force_login(make_opdc_staff())  # OPDC staff read it in the admin
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200
    assert AccessRecord.objects.count() == 0


def test_a_coordinator_sees_their_agency_and_nothing_of_another(client, world):
    client.force_login(world.coordinator)

    response = client.get(MY_SEATS, {"fiscal_year": "2569", "group": "ministry"})

    report = response.context["report"]
    assert _by_name(report) == {"Department of Lands": [4, 8, 5, 3, 1, 1, 75]}
    assert report.years == []  # the year's capacity would tell of other agencies' seats
    html = response.content.decode()
    assert "กรมที่ดิน" in html
    assert "กรมชลประทาน" not in html and "กรมโยธาธิการ" not in html
    assert "/th/my-agency/seats/export/?format=csv&amp;fiscal_year=2569" in html

    client.force_login(world.other_coordinator)
    other = client.get(MY_SEATS).context["report"]
    with translation.override("en"):
        rows = [(line.fiscal_year, line.name, *_numbers(line)) for line in other.lines]
    assert rows == [
        (2570, "Royal Irrigation Department", 0, 1, 0, 0, 0, 0, None),
        (2569, "Royal Irrigation Department", 0, 2, 2, 0, 0, 0, None),
    ]


def test_the_coordinators_download_holds_only_their_agency_in_english(client, world):
    client.force_login(world.coordinator)

    rows = _csv(client.get("/en/my-agency/seats/export/", {"format": "csv"}))

    assert rows == [
        [
            "Fiscal year (BE)",
            "Agency",
            "Ministry",
            "Seats offered",
            "Requested",
            "Approved",
            "Filled",
            "Completed",
            "No-shows",
            "Fill rate (%)",
        ],
        [
            "2570",
            "Department of Lands",
            "Ministry of Interior",
            "2",
            "2",
            "2",
            "2",
            "0",
            "0",
            "100.0",
        ],
        [
            "2569",
            "Department of Lands",
            "Ministry of Interior",
            "4",
            "8",
            "5",
            "3",
            "1",
            "1",
            "75.0",
        ],
    ]
    workbook = _xlsx(client.get(MY_EXPORT, {"format": "xlsx", "fiscal_year": "2570"}))
    assert workbook[0][0] == "ปีงบประมาณ (พ.ศ.)"
    assert workbook[1:] == [(2570, "กรมที่ดิน", "กระทรวงมหาดไทย", 2, 2, 2, 2, 0, 0, 100)]


def test_the_staff_page_links_to_the_seats(client, world):
    client.force_login(world.coordinator)

    assert 'href="/th/my-agency/seats/"' in client.get("/th/my-agency/").content.decode()


# --- Speed ---------------------------------------------------------------------------------


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_the_query_count_stays_the_same_as_agencies_and_cohorts_grow(client, world):
    client.force_login(make_opdc_staff())
    client.get(ADMIN_PAGE)  # warm the session and per-process caches
    small = _queries(client, ADMIN_PAGE, {"group": "ministry"})
    small_file = _queries(client, ADMIN_EXPORT, {"format": "csv"})

    for number in range(5):
        agency = make_agency(f"Agency {number}", ministry=world.lands.ministry)
        cohort = make_cohort(start_date=D(2026, 11, number + 1), end_date=D(2026, 11, 20))
        SeatQuota.objects.create(cohort=cohort, agency=agency, seats=2, release_on=D(2026, 10, 1))
        _enrol(cohort, agency, Status.ENROLLED, 2)
        _enrol(cohort, world.irrigation, Status.NO_SHOW)

    client.get(ADMIN_PAGE)  # warm again: each new cohort published a course page
    assert _queries(client, ADMIN_PAGE, {"group": "ministry"}) == small
    assert _queries(client, ADMIN_EXPORT, {"format": "csv"}) == small_file


def test_the_dashboards_summary_costs_two_queries(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        seat_report(ReportFilters(fiscal_year=2569, group=BY_MINISTRY), with_capacity=False)
    with django_assert_num_queries(3):
        seat_report(ReportFilters(group=BY_MINISTRY))
