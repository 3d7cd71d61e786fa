import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from certificates.models import Certificate
from cms.models import Province, Theme
from courses.models import Enrollment
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import (
    make_agency,
    make_case_study,
    make_learner,
    make_opdc_staff,
    make_trainer,
)
from tracker.dashboard.charts import label_lines
from tracker.dashboard.exports import sheet_name
from tracker.models import Adoption, AdoptionOutcome, record_stage_change

pytestmark = pytest.mark.django_db
D = datetime.date
DASHBOARD = "/admin/opdc-dashboard/"
EXPORT = "/admin/opdc-dashboard/export/"


def _adopt(page, agency, started_on, provinces=("Bangkok",), people=100, outcomes=()):
    adoption = Adoption(prototype=page, agency=agency, started_on=started_on, people_served=people)
    adoption.provinces = list(Province.objects.filter(name_en__in=provinces))
    adoption.outcomes = [
        AdoptionOutcome(
            name_th=name, name_en=name, unit="วัน", unit_en="days", before=before, after=after
        )
        for name, before, after in outcomes
    ]
    adoption.save()
    return adoption


def _figures(response) -> dict:
    return {figure.key: figure for figure in response.context["figures"]}


@pytest.fixture
def story():
    """Two prototypes, adoptions on both sides of a fiscal-year boundary, one cohort."""
    land = make_case_study(
        stage="idea", theme=Theme.objects.create(slug="land", name_th="ที่ดิน", name_en="Land")
    )
    record_stage_change(land, "prototype", D(2020, 7, 1), evidence_text="ต้นแบบ")
    record_stage_change(land, "pilot", D(2025, 10, 1), evidence_text="นำร่อง")
    other = make_case_study(stage="prototype")
    lands, transport = (
        make_agency("Department of Lands"),
        make_agency("Department of Land Transport"),
    )
    _adopt(land, lands, D(2025, 9, 30), ["Chiang Mai", "Lamphun"], 300, [("ระยะเวลา", 30, 7)])
    _adopt(land, lands, D(2025, 10, 1), ["Khon Kaen"], 200, [("ระยะเวลา", 20, 5)])
    _adopt(other, transport, D(2024, 1, 15), ["Bangkok"], 1000)
    cohort = make_cohort(start_date=D(2025, 11, 3), end_date=D(2025, 11, 5))
    cohort.co_designed_prototypes.add(land)
    done = make_enrollment(cohort=cohort, learner=make_learner(agency=lands))
    Certificate.objects.create(
        enrollment=done,
        holder_name_th="x",
        course_title_th="y",
        cohort_code=cohort.code,
        start_date=cohort.start_date,
        end_date=cohort.end_date,
        hours=6,
    )
    make_enrollment(
        cohort=cohort, learner=make_learner(agency=lands), status=Enrollment.Status.ENROLLED
    )
    make_enrollment(
        cohort=cohort, learner=make_learner(agency=transport), status=Enrollment.Status.WITHDRAWN
    )
    return land


# --- Who may see it ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [DASHBOARD, EXPORT + "?figure=by_agency&format=csv"])
def test_the_persona_ladder(client, story, url):
    adoptions = Adoption.objects.count()
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    client.force_login(make_learner())
    assert client.get(url).status_code == 302  # learners have no admin access
    client.force_login(make_enrollment().learner)
    assert client.get(url).status_code == 302
    trainer = make_trainer()
    make_cohort().trainers.add(trainer)
    client.force_login(trainer)
    # Wagtail turns the view's PermissionDenied into a redirect to the admin home page
    # with an error message.
    refused = client.get(url)
    assert (refused.status_code, refused.url) == (302, "/admin/")  # another cohort's trainer
    own = make_trainer()
    cohort = make_cohort()
    cohort.trainers.add(own)
    cohort.co_designed_prototypes.add(story)
    client.force_login(own)
    refused = client.get(url)
    assert (refused.status_code, refused.url) == (302, "/admin/")  # even a co-designer's trainer
    client.force_login(make_opdc_staff())
    assert client.get(url).status_code == 200
    assert Adoption.objects.count() == adoptions


# --- The figures ------------------------------------------------------------------------


def test_the_dashboard_shows_every_figure_as_an_svg_chart_with_its_table(client, story):
    client.force_login(make_opdc_staff())
    response = client.get(DASHBOARD)
    html = response.content.decode()
    figures = _figures(response)
    assert set(figures) == {
        "stages",
        "over_time",
        "by_agency",
        "by_province",
        "by_region",
        "training_reach",
        "training_to_prototypes",
        "outcomes",
    }
    assert html.count('<svg class="dashboard-chart"') == len(figures)
    assert html.count("<details>") == len(figures)
    assert "<script" not in html.split('id="figure-stages"')[1]
    stages = {row[0]: row[1:] for row in figures["stages"].rows}
    with translation.override("th"):
        assert stages["นำร่อง"] == [1, 1]
        assert stages["ต้นแบบ"] == [1, 2]
    reach = figures["training_reach"].rows
    assert reach == [["หน่วยงาน Department of Lands", 2, 1, 1]]
    assert figures["training_to_prototypes"].rows == [[story.title, 1, 2]]


def _headlines(response) -> dict:
    return dict(response.context["headlines"])


def test_people_trained_counts_completions_not_seats_in_cohorts_yet_to_run(client, story):
    """The story has one completed learner and one enrolled in the same cohort."""
    client.force_login(make_opdc_staff())
    future = make_cohort(start_date=D(2030, 1, 6), end_date=D(2030, 1, 8))
    for _n in range(3):
        make_enrollment(cohort=future, status=Enrollment.Status.ENROLLED)
    headlines = _headlines(client.get(DASHBOARD))
    assert headlines["จำนวนผู้ผ่านการอบรม"] == 1


def test_big_numbers_are_grouped_by_thousands_on_the_page(client, story):
    Adoption.objects.filter(people_served=1000).update(people_served=1234567)
    client.force_login(make_opdc_staff())
    html = client.get(DASHBOARD).content.decode()
    assert '<span class="headline-value">1,235,067</span>' in html  # 300 + 200 + 1,234,567
    assert "<td>1,234,567</td>" in html


def test_long_chart_labels_wrap_between_thai_words_instead_of_being_clipped():
    name = "สำนักงานคณะกรรมการพัฒนาระบบราชการ (สำนักงาน ก.พ.ร.)"
    lines = label_lines(name)
    assert lines == ["สำนักงานคณะกรรมการพัฒนาระบบ", "ราชการ (สำนักงาน ก.พ.ร.)"]
    longer = label_lines("การบริการประชาชนด้านที่ดินแบบเบ็ดเสร็จ ณ จุดเดียวสำหรับผู้พิการและผู้สูงอายุ")
    assert len(longer) == 2 and longer[-1].endswith("…")
    assert label_lines("กรมที่ดิน") == ["กรมที่ดิน"]


def test_the_chart_shows_a_long_agency_name_in_full_as_its_tooltip(client, story):
    Adoption.objects.update(
        agency=make_agency("Office of the Public Sector Development Commission")
    )
    client.force_login(make_opdc_staff())
    html = client.get(DASHBOARD).content.decode()
    by_agency = html.split('data-chart="by_agency"')[1].split("</svg>")[0]
    assert "<title>หน่วยงาน Office of the Public Sector Development Commission</title>" in by_agency
    assert by_agency.count("<tspan") == 2


def test_fiscal_years_split_on_1_october_and_are_labelled_in_the_buddhist_era(client, story):
    client.force_login(make_opdc_staff())
    over_time = _figures(client.get(DASHBOARD)).get("over_time").rows
    assert [row[:3] for row in over_time] == [
        ["ปีงบประมาณ 2567", 1, 1000],  # 15 January 2024
        ["ปีงบประมาณ 2568", 1, 300],  # 30 September 2025: the last day of 2568
        ["ปีงบประมาณ 2569", 1, 200],  # 1 October 2025: the first day of 2569
    ]
    in_2568 = _figures(client.get(DASHBOARD, {"fiscal_year": "2568"}))
    in_2569 = _figures(client.get(DASHBOARD, {"fiscal_year": "2569"}))
    assert [row[1] for row in in_2568["by_agency"].rows] == [1]
    assert in_2568["by_agency"].rows[0][3] == 300
    assert in_2569["by_agency"].rows[0][3] == 200
    assert [row[0] for row in in_2569["by_province"].rows] == ["ขอนแก่น"]
    # The funnel for a year shows the stage reached by its last day (30 September).
    stages_2568 = {row[0]: row[1] for row in in_2568["stages"].rows}
    stages_2569 = {row[0]: row[1] for row in in_2569["stages"].rows}
    assert stages_2568["นำร่อง"] == 0 and stages_2569["นำร่อง"] == 1
    # Training reach counts the cohort in the fiscal year of its first day (3 November 2025).
    assert in_2568["training_reach"].rows == []
    assert in_2569["training_reach"].rows[0][1:] == [2, 1, 1]


def _english_staff():
    staff = make_opdc_staff(preferred_language="en")
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    return staff


def test_the_english_dashboard_names_years_in_the_common_era(client, story):
    client.force_login(_english_staff())
    response = client.get(DASHBOARD, {"fiscal_year": "2568"})
    figures = _figures(response)
    over_time = figures["over_time"]
    assert [row[0] for row in over_time.rows] == ["FY 2024", "FY 2025", "FY 2026"]
    assert over_time.columns[3] == "Year"
    assert [row[3] for row in over_time.rows] == [2024, 2025, 2026]
    html = response.content.decode()
    # The year filter still sends the BE year, shown as the CE one; the chart's columns too.
    assert '<option value="2568" selected>FY 2025</option>' in html
    assert "2568" not in over_time.chart.__repr__()
    assert "BE" not in html.split('id="figure-over_time"')[1].split("</section>")[0]


def test_the_english_dashboard_and_its_exports_name_prototypes_by_their_english_title(
    client, story
):
    client.force_login(_english_staff())
    english_title = story.get_translation(Locale.objects.get(language_code="en")).title
    prototypes = _figures(client.get(DASHBOARD))["training_to_prototypes"].rows
    assert [row[0] for row in prototypes] == [english_title]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    EXPORT, {"figure": "training_to_prototypes", "format": "csv"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert rows == [["Prototype", "Cohorts", "Participants"], [english_title, "1", "2"]]
    over_time = list(
        csv.reader(
            io.StringIO(
                client.get(EXPORT, {"figure": "over_time", "format": "csv"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert over_time[0][3] == "Year" and over_time[2][0] == "FY 2025"
    workbook = load_workbook(io.BytesIO(client.get(EXPORT, {"format": "xlsx"}).content))
    sheet = list(workbook["Adoptions over time"].iter_rows(values_only=True))
    assert sheet[2][0] == "FY 2024" and sheet[2][3] == 2024


def test_the_thai_dashboard_keeps_the_thai_title_and_the_buddhist_era(client, story):
    client.force_login(make_opdc_staff())
    figures = _figures(client.get(DASHBOARD))
    assert [row[0] for row in figures["training_to_prototypes"].rows] == [story.title]
    assert [row[3] for row in figures["over_time"].rows] == [2567, 2568, 2569]


def test_theme_and_strategy_filters_narrow_the_figures(client, story):
    client.force_login(make_opdc_staff())
    by_theme = _figures(client.get(DASHBOARD, {"theme": "land"}))
    assert [row[0] for row in by_theme["by_agency"].rows] == ["หน่วยงาน Department of Lands"]
    assert sum(row[1] for row in by_theme["stages"].rows) == 1
    by_strategy = _figures(client.get(DASHBOARD, {"strategy": "6"}))
    assert by_strategy["by_agency"].rows == []  # no prototype serves a strategy-6 target yet


def test_the_outcomes_average_before_and_after(client, story):
    client.force_login(make_opdc_staff())
    [row] = _figures(client.get(DASHBOARD))["outcomes"].rows
    assert row[0] == "ระยะเวลา"
    assert row[2:] == [2, 25, 6, -76]


def test_each_language_reads_the_outcome_unit_in_its_own_words(client, story):
    staff = make_opdc_staff()
    client.force_login(staff)
    [row] = _figures(client.get(DASHBOARD))["outcomes"].rows
    assert row[1] == "วัน"
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    [row] = _figures(client.get(DASHBOARD))["outcomes"].rows
    assert row[1] == "days"


# --- Exports ----------------------------------------------------------------------------


def test_every_export_holds_exactly_the_figures_of_the_dashboard(client, story):
    client.force_login(make_opdc_staff())
    params = {"fiscal_year": "2569"}
    figures = _figures(client.get(DASHBOARD, params))
    workbook = load_workbook(io.BytesIO(client.get(EXPORT, {**params, "format": "xlsx"}).content))
    sheets = {figure.key: sheet_name(figure.sheet_title, set()) for figure in figures.values()}
    assert workbook.sheetnames[1:] == list(sheets.values())
    for key, figure in figures.items():
        response = client.get(EXPORT, {**params, "figure": key, "format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == figure.columns
        assert rows[1:] == figure.as_text_rows()
        sheet = list(workbook[sheets[key]].iter_rows(values_only=True))
        assert list(sheet[1]) == figure.columns
        assert [[_same(cell) for cell in row] for row in sheet[2:]] == [
            [_same(cell) for cell in row] for row in figure.rows
        ]


def test_the_workbook_is_in_the_readers_language_and_says_which_filters_made_it(client, story):
    staff = make_opdc_staff()
    client.force_login(staff)
    params = {"fiscal_year": "2569", "theme": "land", "format": "xlsx"}
    workbook = load_workbook(io.BytesIO(client.get(EXPORT, params).content))
    # The staff member's admin is in Thai (the default): sheet names are the Thai titles.
    assert workbook.sheetnames[0] == "เกี่ยวกับไฟล์นี้"
    assert "การนำไปใช้จำแนกตามหน่วยงาน" in workbook.sheetnames
    about = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row}
    assert about["ปีงบประมาณ"] == "ปีงบประมาณ 2569"
    assert about["ประเด็น"] == "ที่ดิน"
    assert about["ยุทธศาสตร์ชาติ"] == "ทุกยุทธศาสตร์"

    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    workbook = load_workbook(io.BytesIO(client.get(EXPORT, {"format": "xlsx"}).content))
    assert workbook.sheetnames[0] == "About this export"
    assert "Adoptions by agency" in workbook.sheetnames
    about = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row}
    assert about["Fiscal year"] == "All years"


def test_sheet_names_are_legal_and_unique():
    taken: set[str] = set()
    long = "ผลลัพธ์ที่วัดได้: ก่อน/หลัง [ทุกหน่วยงาน] และจังหวัดทั้งหมดในประเทศไทย"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31
    assert first != second
    assert not set("/\\?*:[]") & set(first + second)


def _same(cell):
    """Numbers compared as numbers (a spreadsheet keeps 20.00 as 20), text as text."""
    if cell is None or isinstance(cell, str):
        return cell or ""
    return float(cell)


def test_an_unknown_figure_is_refused_with_a_message(client, story):
    client.force_login(make_opdc_staff())
    response = client.get(EXPORT, {"figure": "salaries", "format": "csv"})
    assert response.status_code == 400


# --- Speed ------------------------------------------------------------------------------


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD, {"fiscal_year": "2569"}).status_code == 200
    return len(queries)


def test_the_query_count_stays_the_same_as_the_data_grows(client, story):
    client.force_login(make_opdc_staff())
    client.get(DASHBOARD)  # warm the session and per-process caches
    small = _count_queries(client)

    agencies = [make_agency(f"Agency {n}") for n in range(8)]
    for number in range(6):
        page = make_case_study(stage="pilot")
        record_stage_change(page, "scaling", D(2025, 12, 1), evidence_text="ขยายผล")
        for agency in agencies:
            _adopt(page, agency, D(2025, 11, number + 1), ["Surin", "Trang"], 10, [("เวลา", 5, 1)])
        cohort = make_cohort(start_date=D(2026, 1, 5), end_date=D(2026, 1, 6))
        cohort.co_designed_prototypes.add(page)
        for agency in agencies[:3]:
            make_enrollment(cohort=cohort, learner=make_learner(agency=agency))

    client.get(DASHBOARD)  # warm again: publishing the case studies renewed the content caches
    large = _count_queries(client)
    assert large == small
    assert large <= 20


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999", "-1", "2569x"])
def test_a_number_that_is_not_one_is_ignored_not_a_500(client, story, value):
    client.force_login(make_opdc_staff())
    response = client.get(DASHBOARD, {"fiscal_year": value, "strategy": value})
    assert response.status_code == 200
    assert response.context["filters"].fiscal_year is None
    assert response.context["filters"].strategy is None


def test_a_fiscal_year_in_thai_digits_is_understood(client, story):
    client.force_login(make_opdc_staff())
    response = client.get(DASHBOARD, {"fiscal_year": "๒๕๖๙"})
    assert response.context["filters"].fiscal_year == 2569


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_sheet_name_is_a_whole_title_excel_can_hold(client, story, language):
    """Excel cuts a sheet name at 31 characters; a cut Thai title reads as a misspelling
    ("…จำแนกตามหน่วยง"), so each sheet carries a whole title of its own that fits."""
    staff = make_opdc_staff()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = language
    profile.save()
    client.force_login(staff)
    workbook = load_workbook(io.BytesIO(client.get(EXPORT, {"format": "xlsx"}).content))
    with translation.override(language):
        figures = _figures(client.get(DASHBOARD))
    intended = [figure.sheet_title for figure in figures.values()]
    assert workbook.sheetnames[1:] == intended
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_the_outcomes_chart_rounds_the_after_value_as_the_table_does():
    from decimal import Decimal

    from tracker.dashboard.charts import CHARTS
    from tracker.dashboard.queries import Figure, Filters

    figure = Figure(
        key="outcomes",
        title="ผลลัพธ์ที่วัดได้",
        columns=[],
        rows=[["เวลารอคิว", "นาที", 2, Decimal("25.00"), Decimal("3.995"), Decimal("-84.02")]],
    )

    chart = CHARTS["outcomes"](figure, Filters())

    after = [shape["title"] for shape in chart["shapes"] if shape["title"].endswith(": 16")]
    assert len(after) == 1, [shape["title"] for shape in chart["shapes"]]


def test_a_chart_that_draws_only_the_first_rows_says_so():
    from tracker.dashboard.charts import CHARTS
    from tracker.dashboard.queries import Figure, Filters

    def provinces(count):
        rows = [[f"จังหวัด {n}", "ภาคกลาง", 30 - n] for n in range(count)]
        return Figure(key="by_province", title="", columns=["", "", "การนำไปใช้"], rows=rows)

    with translation.override("en"):
        many = CHARTS["by_province"](provinces(27), Filters())
        few = CHARTS["by_province"](provinces(3), Filters())
    assert "first 15 of 27" in many["note"]
    assert "note" not in few
