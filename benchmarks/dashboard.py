"""OPDC dashboard speed on a large data set in PostgreSQL.

Run from the repository root (PostgreSQL on 127.0.0.1, user postgres):

    .venv/bin/python benchmarks/dashboard.py

It creates a dedicated database (govlab_bench; dropped first if it exists, and at the end
unless --keep), migrates it, generates with INSERT ... SELECT generate_series:
100,000 enrolments, 1,000,000 attendance rows, 40,000+ certificates, 500 prototypes,
5,000 adoptions (10,000 province links, 5,000 outcomes), 1,500 stage changes, then requests
the dashboard as an OPDC staff member with Django's test client and prints, for each filter,
the median time of several requests and the number of queries.
Targets (issue #6): at most 20 queries, under 500 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
NAME = "govlab_bench"


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{NAME}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    import django

    django.setup()


def make_pages(prototype_count: int, course_count: int):
    from wagtail.models import Locale, Page

    from cms.models import (
        CaseStudyIndexPage,
        CaseStudyPage,
        CourseIndexPage,
        CoursePage,
        HomePage,
    )

    locale = Locale.objects.get(language_code="th")
    root = Page.get_first_root_node()
    home = HomePage(title="Gov Lab", slug="bench-home", locale=locale)
    root.add_child(instance=home)
    courses_index = CourseIndexPage(title="หลักสูตร", slug="courses", locale=locale)
    home.add_child(instance=courses_index)
    cases_index = CaseStudyIndexPage(title="กรณีศึกษา", slug="case-studies", locale=locale)
    home.add_child(instance=cases_index)
    for number in range(course_count):
        courses_index.add_child(
            instance=CoursePage(
                title=f"หลักสูตร {number}", slug=f"course-{number}", summary="-", locale=locale
            )
        )
    for number in range(prototype_count):
        cases_index.add_child(
            instance=CaseStudyPage(
                title=f"ต้นแบบ {number}",
                slug=f"prototype-{number}",
                problem="<p>-</p>",
                locale=locale,
                stage=["idea", "prototype", "pilot", "scaling", "institutionalised"][number % 5],
            )
        )
    return CoursePage.objects.count(), CaseStudyPage.objects.count()


GENERATE = [
    # 200 agencies.
    """INSERT INTO cms_agency (name_th, name_en, abbreviation)
       SELECT 'หน่วยงาน ' || g, 'Agency ' || g, '' FROM generate_series(1, 200) g""",
    # 20,000 learners, each in one agency.
    """INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,
           is_staff, is_active, date_joined, email, title_th, first_name_th, last_name_th,
           title_en, position, phone, preferred_language, privacy_notice_version, lawful_basis,
           agency_id)
       SELECT '!', false, 'bench' || g, 'Learner', g::text, false, true, now(),
              'bench' || g || '@agency.go.th', 'นาย', 'ผู้เรียน', g::text, 'Mr', '', '', 'th', '',
              'consent',
              (SELECT min(id) FROM cms_agency) + (g % 200)
       FROM generate_series(1, 20000) g""",
    # 2,000 cohorts over 20 courses, starting across fiscal years 2563-2570.
    """INSERT INTO courses_cohort (code, title, start_date, end_date, delivery_mode, venue,
           online_link, capacity, approval_required, min_attendance_percent, seats_taken,
           created_at, course_id)
       SELECT 'B' || g, 'รุ่น ' || g, date '2019-10-01' + (g * 1.3)::int,
              date '2019-10-03' + (g * 1.3)::int, 'onsite', '', '', 100, false, 80, 50, now(),
              (SELECT array_agg(page_ptr_id ORDER BY page_ptr_id) FROM cms_coursepage)[1 + g % 20]
       FROM generate_series(1, 2000) g""",
    # 100,000 enrolments: every learner in five different cohorts.
    """INSERT INTO courses_enrollment (status, requested_at, status_changed_at, completed_at,
           cohort_id, learner_id, method)
       SELECT (ARRAY['enrolled','completed','completed','withdrawn','waitlisted'])[1 + (u.id + k) % 5],
              now(), now(), CASE WHEN (u.id + k) % 5 IN (1, 2) THEN now() END,
              c.min_id + ((u.id * 5 + k) % 2000), u.id, 'request'
       FROM accounts_user u
       CROSS JOIN generate_series(0, 4) k
       CROSS JOIN (SELECT min(id) AS min_id FROM courses_cohort) c
       WHERE u.username LIKE 'bench%'""",
    # 10 sessions per cohort.
    """INSERT INTO courses_session (code, title, starts_at, ends_at, venue, online_link, cohort_id)
       SELECT c.id || '-' || s, 'วันที่ ' || s, c.start_date + s * interval '1 hour',
              c.start_date + s * interval '1 hour' + interval '30 minutes', '', '', c.id
       FROM courses_cohort c CROSS JOIN generate_series(1, 10) s""",
    # 1,000,000 attendance rows: every enrolment at each of its cohort's 10 sessions.
    """INSERT INTO courses_attendance (status, method, recorded_at, enrollment_id, session_id)
       SELECT CASE WHEN (e.id + s.id) % 7 = 0 THEN 'absent' ELSE 'present' END, 'qr', now(),
              e.id, s.id
       FROM courses_enrollment e JOIN courses_session s ON s.cohort_id = e.cohort_id""",
    # A valid certificate for every completed enrolment.
    """INSERT INTO certificates_certificate (serial, status, holder_name_th, holder_name_en,
           course_title_th, course_title_en, cohort_code, start_date, end_date, hours, issuer_th,
           issuer_en, pdf, sha256, issued_at, revocation_reason, enrollment_id)
       SELECT 'BENCH-' || e.id, 'valid', 'ผู้เรียน', 'Learner', 'หลักสูตร', 'Course', 'B',
              date '2020-01-01', date '2020-01-02', 6, '', '', '', '', now(), '', e.id
       FROM courses_enrollment e WHERE e.status = 'completed'""",
    # 3 stage changes per prototype, dated across the fiscal years.
    """INSERT INTO tracker_stagechange (evidence_text, evidence_url, stage, changed_on, recorded_at,
           prototype_id)
       SELECT 'รายงาน', '', (ARRAY['prototype','pilot','scaling'])[k],
              date '2020-03-01' + (p.page_ptr_id % 400) + k * 300, now(), p.page_ptr_id
       FROM cms_casestudypage p CROSS JOIN generate_series(1, 3) k""",
    # 5,000 adoptions, started across fiscal years 2563-2570.
    """INSERT INTO tracker_adoption (evidence_text, evidence_url, started_on, stage_reached,
           people_served, created_at, updated_at, agency_id, prototype_id)
       SELECT '', '', date '2019-10-01' + (g * 0.5)::int,
              (ARRAY['pilot','scaling','institutionalised'])[1 + g % 3], (g * 37) % 5000,
              now(), now(), (SELECT min(id) FROM cms_agency) + (g * 7) % 200,
              (SELECT array_agg(page_ptr_id ORDER BY page_ptr_id) FROM cms_casestudypage)[1 + g % 500]
       FROM generate_series(1, 5000) g""",
    # Two provinces per adoption.
    """INSERT INTO tracker_adoption_provinces (adoption_id, province_id)
       SELECT a.id, p.min_id + (a.id * k) % 77
       FROM tracker_adoption a CROSS JOIN (VALUES (1), (3)) AS ks(k)
       CROSS JOIN (SELECT min(id) AS min_id FROM cms_province) p
       ON CONFLICT DO NOTHING""",
    # One measured outcome per adoption, ten kinds of outcome.
    """INSERT INTO tracker_adoptionoutcome (name_th, name_en, unit, before, after, adoption_id)
       SELECT 'ตัวชี้วัด ' || (id % 10), 'Measure ' || (id % 10), 'วัน', 30 + id % 10, 7 + id % 5, id
       FROM tracker_adoption""",
    # Targets: two per master plan; each prototype and course serves one.
    """INSERT INTO cms_subplantarget (code, master_plan_id, sub_plan_th, sub_plan_en, name_th, name_en)
       SELECT lpad(m.number::text, 2, '0') || '010' || k, m.id, '', '', 'เป้าหมาย', 'Target'
       FROM cms_masterplan m CROSS JOIN generate_series(1, 2) k""",
    """INSERT INTO cms_casestudypage_strategy_targets (casestudypage_id, subplantarget_id)
       SELECT p.page_ptr_id, t.min_id + p.page_ptr_id % 46
       FROM cms_casestudypage p CROSS JOIN (SELECT min(id) AS min_id FROM cms_subplantarget) t""",
    """INSERT INTO cms_coursepage_strategy_targets (coursepage_id, subplantarget_id)
       SELECT c.page_ptr_id, t.min_id + c.page_ptr_id % 46
       FROM cms_coursepage c CROSS JOIN (SELECT min(id) AS min_id FROM cms_subplantarget) t""",
    # Every cohort co-designed one prototype.
    """INSERT INTO courses_cohort_co_designed_prototypes (cohort_id, casestudypage_id)
       SELECT c.id, (SELECT array_agg(page_ptr_id ORDER BY page_ptr_id) FROM cms_casestudypage)[1 + c.id % 500]
       FROM courses_cohort c""",
    # What autovacuum does on a live database: statistics, and the visibility map that lets
    # PostgreSQL answer counts from an index alone.
    "VACUUM ANALYZE",
]


def generate(prototypes: int) -> dict:
    from django.db import connection

    started = time.perf_counter()
    make_pages(prototypes, 20)
    with connection.cursor() as cursor:
        for statement in GENERATE:
            cursor.execute(statement)
        counts = {}
        for table in (
            "courses_enrollment",
            "courses_attendance",
            "certificates_certificate",
            "cms_casestudypage",
            "tracker_adoption",
            "tracker_adoption_provinces",
            "tracker_stagechange",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[table] = cursor.fetchone()[0]
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def measure(repeats: int) -> list[tuple[str, float, float, int]]:
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from accounts.models import Role, User

    setup_test_environment()
    staff, _created = User.objects.get_or_create(
        username="bench-opdc", defaults={"email": "opdc@opdc.go.th"}
    )
    staff.groups.add(Group.objects.get(name=Role.OPDC_STAFF))
    client = Client()
    client.force_login(staff)
    results = []
    sys.stdout.write(f"load average before measuring: {os.getloadavg()}\n")
    for label, params in (
        ("all years", {}),
        ("fiscal year 2568", {"fiscal_year": "2568"}),
        ("strategy 2", {"strategy": "2"}),
        ("fiscal year 2569 + strategy 6", {"fiscal_year": "2569", "strategy": "6"}),
        ("XLSX export, all figures", {"format": "xlsx", "_export": "1"}),
    ):
        url = (
            "/admin/opdc-dashboard/export/"
            if params.pop("_export", None)
            else "/admin/opdc-dashboard/"
        )
        client.get(url, params)  # warm-up
        times = []
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        results.append((label, statistics.median(times), max(times), len(queries)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--prototypes", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="Keep govlab_bench afterwards.")
    parser.add_argument(
        "--reuse", action="store_true", help="Measure a database kept by an earlier --keep run."
    )
    args = parser.parse_args()

    if not args.reuse:
        admin_sql(f"DROP DATABASE IF EXISTS {NAME}")
        admin_sql(f"CREATE DATABASE {NAME}")
    try:
        setup_django()
        from django.core.management import call_command

        if not args.reuse:
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            sys.stdout.write(f"migrated in {time.perf_counter() - started:.1f} s\n")
            counts = generate(args.prototypes)
            sys.stdout.write(f"generated: {counts}\n")
        sys.stdout.write(f"{'request':<32} {'median ms':>10} {'max ms':>8} {'queries':>8}\n")
        for label, median, worst, queries in measure(args.repeats):
            sys.stdout.write(f"{label:<32} {median:>10.1f} {worst:>8.1f} {queries:>8}\n")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_sql(f"DROP DATABASE IF EXISTS {NAME}")


if __name__ == "__main__":
    main()
