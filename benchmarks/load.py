"""Load test: gunicorn + PostgreSQL + Redis + Celery workers under a Locust scenario.

Run from the repository root (PostgreSQL on 127.0.0.1:5432 and Redis on 6379, as on CI):

    .venv/bin/pip install -e '.[load]'
    .venv/bin/python benchmarks/load.py --duration 120

It creates a fresh database `govlab_load`, loads the demo content, adds 300 workshop learners
enrolled in a cohort whose session is open for check-in, 200 learners who will enrol, and issued
certificates to verify; starts gunicorn (production settings) and Celery workers; runs
`benchmarks/locustfile.py` headless; prints throughput, p95, p99 and errors per request type;
then checks the database: every workshop learner has exactly one attendance mark.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from _django import ROOT, setup_django

VENV_BIN = Path(sys.executable).parent
DATABASE = "govlab_load"
PASSWORD = "load-test-pass-2569"  # noqa: S105
PORT = 8765
LOGS_IN_AT_SCAN = 30  # of the 300 workshop learners; the others' phones are logged in already


def environment(var_dir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/9",
        CACHE_URL="redis://127.0.0.1:6379/10",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        EMAIL_HOST="localhost",
        LMS_VAR_DIR=str(var_dir),
        # The proxy in front of gunicorn sets X-Forwarded-For; Locust plays the proxy.
        PROXY_COUNT="1",
        RATELIMIT_IP_META_KEY="HTTP_X_FORWARDED_FOR",
    )
    return env


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)


def prepare_database(env):
    run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", DATABASE], env)
    run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], env)
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    run([*manage, "collectstatic", "--noinput", "-v0"], env)
    run([*manage, "load_demo_data", "--force"], env, stdout=subprocess.DEVNULL)
    redis_flush = ["redis-cli", "-h", "127.0.0.1", "-n"]
    run([*redis_flush, "9", "flushdb"], env, stdout=subprocess.DEVNULL)
    run([*redis_flush, "10", "flushdb"], env, stdout=subprocess.DEVNULL)


def write_fixture(env, path: Path):
    """People and addresses for the scenario, created through the domain functions."""
    os.environ.update(env)
    setup_django()
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from certificates.issuing import issue_certificate
    from cms.models import CaseStudyPage, CourseIndexPage, CoursePage
    from courses.models import Cohort, Enrollment, Session

    thai_courses = CoursePage.objects.live().filter(locale__language_code="th")
    course = thai_courses.first()
    today = timezone.localdate()
    password = make_password(PASSWORD)
    with transaction.atomic():
        workshop = Cohort.objects.create(
            course=course,
            title="Load-test workshop",
            start_date=today,
            end_date=today + datetime.timedelta(days=2),
            capacity=400,
            enrolment_closes_at=timezone.now() + datetime.timedelta(days=1),
        )
        now = timezone.now()
        session = Session.objects.create(
            cohort=workshop,
            title="Workshop day",
            starts_at=now - datetime.timedelta(minutes=5),
            ends_at=now + datetime.timedelta(hours=3),
        )
        # Day 1 of a three-day workshop: checking in marks attendance, it does not yet complete
        # the course (so the burst measures check-in, not 300 certificates rendering).
        for day in (1, 2):
            Session.objects.create(
                cohort=workshop,
                title=f"Workshop day {day + 1}",
                starts_at=now + datetime.timedelta(days=day),
                ends_at=now + datetime.timedelta(days=day, hours=3),
            )
        open_cohort = Cohort.objects.create(
            course=course,
            title="Load-test open cohort",
            start_date=today + datetime.timedelta(days=30),
            end_date=today + datetime.timedelta(days=31),
            capacity=150,
        )
        workshop_names, enroller_names = [], []
        for i in range(300):
            user = User.objects.create(
                username=f"workshop{i:03}", email=f"workshop{i:03}@load.test", password=password
            )
            Enrollment.objects.create(
                learner=user, cohort=workshop, status=Enrollment.Status.ENROLLED
            )
            workshop_names.append(user.username)
        Cohort.objects.filter(pk=workshop.pk).update(seats_taken=300)
        for i in range(200):
            user = User.objects.create(
                username=f"enroller{i:03}", email=f"enroller{i:03}@load.test", password=password
            )
            enroller_names.append(user.username)
    completed = Enrollment.objects.filter(status=Enrollment.Status.COMPLETED).select_related(
        "cohort"
    )[:20]
    serials = [issue_certificate(enrollment).serial for enrollment in completed]
    # Most of the room is already logged in on their phones (sessions last 12 hours: they
    # enrolled, or checked in to the morning session); one in ten logs in at the scan.
    from django.test import Client

    sessions = {}
    for user in User.objects.filter(username__in=workshop_names[LOGS_IN_AT_SCAN:]):
        client = Client()
        client.force_login(user)
        sessions[user.username] = client.cookies["sessionid"].value
    fixture = {
        "secret_key": env["SECRET_KEY"],
        "password": PASSWORD,
        "session_code": session.code,
        "session_id": session.pk,
        "workshop_learners": workshop_names,
        "workshop_sessions": sessions,
        "enrollers": enroller_names,
        "catalogue": CourseIndexPage.objects.live().filter(locale__language_code="th").first().url,
        "courses": [page.url for page in thai_courses],
        "enrol_course": course.url,
        "enrol_url": f"/th/cohorts/{open_cohort.code}/enrol/",
        "open_cohort": open_cohort.code,
        "case_studies": [page.url for page in CaseStudyPage.objects.live()],
        "serials": serials,
    }
    path.write_text(json.dumps(fixture), encoding="utf-8")
    return fixture


def start_celery_workers(env, count):
    """`count` production workers (prefork, one child each) writing warnings to this process's
    standard error, through the tests' launcher (tests/celery_worker.py)."""
    from tests.celery_worker import start_worker

    return [
        start_worker(
            env,
            name=f"load{number}",
            log=sys.stderr,
            options=["--concurrency=1", "--loglevel=WARNING"],
        )
        for number in range(count)
    ]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (local server)
                return
        except urllib.error.HTTPError:
            # The server answers: /healthz says 503 while no beat runs (this benchmark starts
            # workers only), which is not what it waits for.
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def read_stats(prefix: Path):
    rows = []
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            rows.append(row)
    return rows


def check_database(env, fixture):
    from courses.models import Attendance, Enrollment

    marks = Attendance.objects.filter(session_id=fixture["session_id"])
    learners = marks.values("enrollment__learner").distinct().count()
    enrolled = Enrollment.objects.filter(
        cohort__code=fixture["open_cohort"], status=Enrollment.Status.ENROLLED
    ).count()
    return {"attendance_rows": marks.count(), "learners_marked": learners, "enrolled": enrolled}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=4)
    parser.add_argument("--celery-workers", type=int, default=2)
    parser.add_argument("--others", type=int, default=60, help="visitors, enrollers, verifiers")
    options = parser.parse_args()

    var_dir = ROOT / "var" / "load"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = environment(var_dir)
    print("preparing database and demo content ...", flush=True)
    prepare_database(env)
    fixture_path = var_dir / "fixture.json"
    fixture = write_fixture(env, fixture_path)
    env["LOAD_FIXTURE"] = str(fixture_path)

    processes = [
        subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "lms.wsgi",
                f"--workers={options.web_workers}",
                f"--threads={options.web_threads}",
                f"--bind=127.0.0.1:{PORT}",
                # Longer than any client's pause between requests, as behind nginx with upstream
                # keep-alive: otherwise a reused connection can meet the server closing it.
                "--keep-alive=75",
                "--log-level=warning",
            ],
            env=env,
            cwd=ROOT,
        ),
    ]
    processes += start_celery_workers(env, options.celery_workers)
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        users = 300 + options.others
        prefix = var_dir / "locust"
        print(f"locust: {users} users for {options.duration} s ...", flush=True)
        subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                f"--users={users}",
                "--spawn-rate=100",
                f"--run-time={options.duration}s",
                f"--host=http://127.0.0.1:{PORT}",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=WARNING",
            ],
            env=env,
            cwd=ROOT,
            check=False,
        )
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    rows = read_stats(prefix)
    print()
    print(
        f"{'request':28} {'count':>7} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"
    )
    for row in rows:
        print(
            f"{row['Name'][:28]:28} {row['Request Count']:>7} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    print()
    database = check_database(env, fixture)
    print(
        f"workshop: {database['learners_marked']} of 300 learners marked present, "
        f"{database['attendance_rows']} attendance rows (duplicates would show as more rows); "
        f"open cohort: {database['enrolled']} enrolled (capacity 150)"
    )


if __name__ == "__main__":
    main()
