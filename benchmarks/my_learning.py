"""'My learning' (/en/me/): queries and time per page as a learner's cohorts grow.

Run from the repository root (builds a throw-away test database, about a minute):

    DJANGO_SETTINGS_MODULE=lms.settings.test .venv/bin/python benchmarks/my_learning.py

For each size the learner has N cohorts of 6 sessions each, half of them attended, with two
required modules per cohort; the page is fetched 20 times and the median time is printed.
"""

import datetime
import statistics
import time

from _django import setup_django

SIZES = (2, 10, 40)


def build(learner, cohorts: int) -> None:
    from django.utils import timezone

    from courses.models import Attendance, Enrollment, ModuleProgress
    from tests.courses.helpers import make_cohort, make_session
    from tests.factories import make_module

    now = timezone.now()
    for number in range(cohorts):
        cohort = make_cohort(title=f"Cohort {number}", capacity=50)
        modules = [make_module(cohort.course), make_module(cohort.course)]
        cohort.required_modules.set(modules)
        enrollment = Enrollment.objects.create(
            learner=learner, cohort=cohort, status=Enrollment.Status.ENROLLED
        )
        ModuleProgress.objects.create(enrollment=enrollment, module=modules[0])
        for day in range(6):
            session = make_session(
                cohort, title=f"S{day}", starts_at=now + datetime.timedelta(days=day - 3)
            )
            if day < 3:
                Attendance.objects.create(
                    session=session,
                    enrollment=enrollment,
                    status=Attendance.Status.PRESENT,
                    method=Attendance.Method.QR,
                )


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import make_learner

        print(f"{'cohorts':>8} {'queries':>8} {'median ms':>10}")
        for size in SIZES:
            learner = make_learner()
            build(learner, size)
            client = Client()
            client.force_login(learner)
            client.get("/en/me/")  # the first visit creates the calendar address
            queries: list[str] = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get("/en/me/")
            times = []
            for _ in range(20):
                start = time.perf_counter()
                response = client.get("/en/me/")
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            print(f"{size:>8} {len(queries):>8} {statistics.median(times):>10.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
