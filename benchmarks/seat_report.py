"""Seats by agency (agencies/reports.py) on a large data set in PostgreSQL.

Run from the repository root (PostgreSQL on 127.0.0.1, user postgres):

    .venv/bin/python benchmarks/seat_report.py

It creates a dedicated database (govlab_bench_seats; dropped first if it exists, and at the end
unless --keep), migrates it, generates with INSERT ... SELECT generate_series: 200 agencies in
20 ministries, 20,000 learners, 2,000 cohorts over fiscal years 2563-2570, 100,000 enrolments
in every status (each with a history row, a fifth of the withdrawn ones seated before), and
8,000 seat quotas (three agencies and one ministry per cohort); then requests the report's page
and its CSV as an OPDC staff member with Django's test client and prints the median time of
several requests and the number of queries, and the report's own queries alone.
"""

import argparse
import os
import statistics
import sys
import time

import dashboard  # benchmarks/dashboard.py: the database, pages and Django set-up

dashboard.NAME = "govlab_bench_seats"

GENERATE = [
    """INSERT INTO cms_ministry (name_th, name_en, sort_key_th)
       SELECT 'กระทรวง ' || g, 'Ministry ' || g, '' FROM generate_series(1, 20) g""",
    """INSERT INTO cms_agency (name_th, name_en, abbreviation, sort_key_th, ministry_id)
       SELECT 'หน่วยงาน ' || g, 'Agency ' || g, '', '',
              (SELECT min(id) FROM cms_ministry) + (g % 20)
       FROM generate_series(1, 200) g""",
    """INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,
           is_staff, is_active, date_joined, email, title_th, first_name_th, last_name_th,
           title_en, position, phone, preferred_language, privacy_notice_version, lawful_basis,
           agency_other, agency_id)
       SELECT '!', false, 'bench' || g, 'Learner', g::text, false, true, now(),
              'bench' || g || '@agency.go.th', 'นาย', 'ผู้เรียน', g::text, 'Mr', '', '', 'th', '',
              'consent', '',
              CASE WHEN g % 50 = 0 THEN NULL ELSE (SELECT min(id) FROM cms_agency) + (g % 200) END
       FROM generate_series(1, 20000) g""",
    """INSERT INTO courses_cohort (code, title, title_en, start_date, end_date, delivery_mode,
           venue, venue_en, online_link, capacity, approval_required, min_attendance_percent,
           seats_taken, created_at, course_id)
       SELECT 'B' || g, 'รุ่น ' || g, '', date '2019-10-01' + (g * 1.3)::int,
              date '2019-10-03' + (g * 1.3)::int, 'onsite', '', '', '', 100, false, 80, 50, now(),
              (SELECT array_agg(page_ptr_id ORDER BY page_ptr_id) FROM cms_coursepage)[1 + g % 20]
       FROM generate_series(1, 2000) g""",
    """INSERT INTO courses_enrollment (status, requested_at, status_changed_at, completed_at,
           cohort_id, learner_id, method)
       SELECT (ARRAY['enrolled','completed','completed','withdrawn','waitlisted','pending',
                     'no_show','rejected'])[1 + (u.id + k) % 8],
              now(), now(), CASE WHEN (u.id + k) % 8 IN (1, 2) THEN now() END,
              c.min_id + ((u.id * 5 + k) % 2000), u.id, 'request'
       FROM accounts_user u
       CROSS JOIN generate_series(0, 4) k
       CROSS JOIN (SELECT min(id) AS min_id FROM courses_cohort) c
       WHERE u.username LIKE 'bench%'""",
    # One history row per enrolment, as created; a fifth of the withdrawn were seated first.
    """INSERT INTO courses_historicalenrollment (id, status, requested_at, status_changed_at,
           completed_at, history_date, history_type, cohort_id, learner_id, method)
       SELECT id, CASE WHEN status = 'withdrawn' AND id % 5 = 0 THEN 'enrolled' ELSE status END,
              requested_at, status_changed_at, completed_at, now(), '+', cohort_id, learner_id,
              method
       FROM courses_enrollment""",
    """INSERT INTO courses_seatquota (seats, release_on, cohort_id, agency_id)
       SELECT 5, c.start_date - 7, c.id, a.min_id + ((c.id * 3 + k) % 200)
       FROM courses_cohort c CROSS JOIN generate_series(0, 2) k
       CROSS JOIN (SELECT min(id) AS min_id FROM cms_agency) a""",
    """INSERT INTO courses_seatquota (seats, release_on, cohort_id, ministry_id)
       SELECT 10, c.start_date - 7, c.id, m.min_id + (c.id % 20)
       FROM courses_cohort c CROSS JOIN (SELECT min(id) AS min_id FROM cms_ministry) m""",
    "VACUUM ANALYZE",
]


def generate() -> dict:
    from django.db import connection

    started = time.perf_counter()
    dashboard.make_pages(0, 20)
    with connection.cursor() as cursor:
        for statement in GENERATE:
            cursor.execute(statement)
        counts = {}
        for table in ("courses_enrollment", "courses_seatquota", "courses_cohort", "cms_agency"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[table] = cursor.fetchone()[0]
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _timed(repeats: int, call) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up
    times = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), len(queries)


def measure(repeats: int) -> list[tuple[str, float, float, int]]:
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import Role, User
    from agencies.reports import BY_MINISTRY, ReportFilters, seat_report

    setup_test_environment()
    staff, _created = User.objects.get_or_create(
        username="bench-opdc", defaults={"email": "opdc@opdc.go.th"}
    )
    staff.groups.add(Group.objects.get(name=Role.OPDC_STAFF))
    client = Client()
    client.force_login(staff)

    def page(params):
        def get():
            response = client.get("/admin/agency-seats/", params)
            assert response.status_code == 200, response.status_code

        return get

    def export(params):
        def get():
            response = client.get("/admin/agency-seats/export/", params)
            assert response.status_code == 200, response.status_code
            b"".join(response.streaming_content)

        return get

    sys.stdout.write(f"load average before measuring: {os.getloadavg()}\n")
    cases = [
        ("report alone, all years", lambda: seat_report(ReportFilters())),
        (
            "report alone, 2569 by ministry",
            lambda: seat_report(ReportFilters(fiscal_year=2569, group=BY_MINISTRY)),
        ),
        (
            "dashboard summary, all years",
            lambda: seat_report(ReportFilters(group=BY_MINISTRY), with_capacity=False),
        ),
        ("page, all years (1,600 rows)", page({})),
        ("page, fiscal year 2569", page({"fiscal_year": "2569"})),
        ("CSV, all years", export({"format": "csv"})),
        ("XLSX, all years", export({"format": "xlsx"})),
    ]
    return [(label, *_timed(repeats, call)) for label, call in cases]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument(
        "--reuse", action="store_true", help="Measure a database kept by an earlier --keep run."
    )
    args = parser.parse_args()

    if not args.reuse:
        dashboard.admin_sql(f"DROP DATABASE IF EXISTS {dashboard.NAME}")
        dashboard.admin_sql(f"CREATE DATABASE {dashboard.NAME}")
    try:
        dashboard.setup_django()
        from django.core.management import call_command

        if not args.reuse:
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            sys.stdout.write(f"migrated in {time.perf_counter() - started:.1f} s\n")
            sys.stdout.write(f"generated: {generate()}\n")
        sys.stdout.write(f"{'request':<34} {'median ms':>10} {'max ms':>8} {'queries':>8}\n")
        for label, median, worst, queries in measure(args.repeats):
            sys.stdout.write(f"{label:<34} {median:>10.1f} {worst:>8.1f} {queries:>8}\n")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            dashboard.admin_sql(f"DROP DATABASE IF EXISTS {dashboard.NAME}")


if __name__ == "__main__":
    main()
