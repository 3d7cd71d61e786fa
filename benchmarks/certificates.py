"""Certificates end to end: renderer speed, a 1,000-learner cohort on 2 Celery workers, sizes, memory.

Run from the repository root (takes a few minutes; uses its own temporary database, broker and
media directory, never var/ or media/):

    .venv/bin/python benchmarks/certificates.py --render-count 200 --learners 1000

(a) naive WeasyPrint use (fresh stylesheet and FontConfiguration per certificate) and one reused
    CertificateRenderer in this process (benchmarks/certificates_render.py): one after the other
    for each one's memory, then in turns for the speed-up;
(b) a cohort of ``--learners`` completed enrolments issued end to end (database rows, PDF render,
    atomic file storage, batch progress) by 2 real ``celery worker --pool=solo`` processes
    started here: wall time from the trainer's "issue" to the batch's last certificate;
(c) each stored PDF's size, and each worker's resident memory sampled across the batch.

Options: ``--broker redis://127.0.0.1:6379/N`` and ``--database postgres://...`` (an empty
database: it is migrated) to measure the production stack; the default is the embedded SQLite
broker and a SQLite database in a temporary directory.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
# This file is called certificates.py: with its own directory on the path, "import certificates"
# would find it instead of the app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if p and Path(p).resolve() != BENCHMARKS]


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None


def render_comparison(count: int) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "certificates_render", BENCHMARKS / "certificates_render.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report, run_naive, run_reuse = module.report, module.run_naive, module.run_reuse

    naive = run_naive(count)
    report(naive)
    reuse = run_reuse(count)
    report(reuse)
    print(
        "speed-up of reuse over naive, one after the other: "
        f"{reuse['per_second'] / naive['per_second']:.2f}x"
    )
    module.run_side_by_side(count)


class MemorySampler(threading.Thread):
    """Samples each worker's RSS every half second until stopped."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.samples: dict[int, list[tuple[float, float]]] = {pid: [] for pid in pids}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            now = time.monotonic()
            for pid in self.pids:
                value = rss_mb(pid)
                if value is not None:
                    self.samples[pid].append((now, value))
            self.stopped.wait(0.5)


def _make_cohort(learners: int):
    """One course, one cohort, ``learners`` completed enrolments (bulk inserts)."""
    import datetime

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import Role, User
    from certificates.demo import load as load_demo_design
    from courses.models import Cohort, Enrollment
    from tests.factories import make_course

    load_demo_design()
    course = make_course(title="การออกแบบบริการภาครัฐ (Public Service Design)", duration_hours=30)
    cohort = Cohort.objects.create(
        course=course,
        title="รุ่นที่ 1",
        start_date=datetime.date(2026, 2, 16),
        end_date=datetime.date(2026, 2, 20),
        capacity=learners,
    )
    User.objects.bulk_create(
        User(
            username=f"bench{i}",
            email=f"bench{i}@agency.go.th",
            password="!",  # noqa: S106 - an unusable hash: nobody logs in as these
            title_th="นางสาว",
            first_name_th="ศักดิ์สิทธิ์",
            last_name_th=f"ฟ้าใส{i}",
            title_en="Ms",
            first_name="Saksit",
            last_name=f"Fasai {i}",
        )
        for i in range(learners)
    )
    users = list(User.objects.filter(username__startswith="bench"))
    Group.objects.get(name=Role.LEARNERS).user_set.add(*users)
    now = timezone.now()
    Enrollment.objects.bulk_create(
        Enrollment(
            cohort=cohort, learner=user, status=Enrollment.Status.COMPLETED, completed_at=now
        )
        for user in users
    )
    return cohort


def cohort_end_to_end(learners: int, broker: str | None, database: str | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="govlab-bench-"))
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "DEBUG": "0",
            "DATABASE_URL": database or f"sqlite:///{work / 'bench.sqlite3'}",
            "CELERY_BROKER_URL": broker or f"sqlalchemy+sqlite:///{work / 'broker.sqlite3'}",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "MEDIA_ROOT": str(work / "media"),
            "LOG_LEVEL": "WARNING",
        }
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT, env=env, check=True
        )
        print(f"setup: migrated an empty database in {time.perf_counter() - started:.1f} s")
        os.environ.update(env)

        import django

        django.setup()
        from certificates import issuing
        from certificates.models import Certificate, CertificateBatch
        from lms.celery import app
        from tests.celery_worker import start_worker, stop_worker

        started = time.perf_counter()
        cohort = _make_cohort(learners)
        print(
            f"setup: {learners} learners enrolled and completed in {time.perf_counter() - started:.1f} s"
        )
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(app.conf.task_default_queue)

        started = time.perf_counter()
        workers = [start_worker(env, name=f"bench{i}", log=work / f"bench{i}.log") for i in (1, 2)]
        # Start-up (imports, broker connection) is timed apart from the batch.
        while not all("ready." in (work / f"bench{i}.log").read_text() for i in (1, 2)):
            time.sleep(0.2)
        print(f"setup: 2 workers ready in {time.perf_counter() - started:.1f} s")
        sampler = MemorySampler([worker.pid for worker in workers])
        sampler.start()

        started = time.perf_counter()
        batch = issuing.issue_for_cohort(cohort)
        assert batch is not None  # a fresh cohort: every certificate is new
        enqueued = time.perf_counter() - started
        while True:
            batch.refresh_from_db()
            if batch.is_finished:
                break
            for worker in workers:
                if worker.poll() is not None:
                    sys.exit(f"worker {worker.pid} exited: see {work}")
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
        sampler.stopped.set()
        sampler.join()

        valid = Certificate.objects.valid().filter(enrollment__cohort=cohort).count()
        print(f"load average after the batch: {os.getloadavg()}")
        print(
            f"(b) cohort of {learners}: {batch.done} issued, {batch.failed} failed, {valid} valid "
            f"certificates in {elapsed:.1f} s wall ({batch.done / elapsed:.1f} certificates/s; "
            f"queueing the batch took {enqueued:.1f} s of it), 2 worker processes"
        )
        sizes = [path.stat().st_size for path in (work / "media" / "certificates").glob("*.pdf")]
        print(
            f"(c) PDF size over {len(sizes)} files: mean {statistics.mean(sizes) / 1024:.1f} KB, "
            f"max {max(sizes) / 1024:.1f} KB"
        )
        for i, pid in enumerate(sampler.pids, 1):
            values = [value for _, value in sampler.samples[pid]]
            third = max(1, len(values) // 3)
            print(
                f"(c) worker {i} RSS: first {values[0]:.0f} MB, after a third "
                f"{values[third]:.0f} MB, middle {values[len(values) // 2]:.0f} MB, "
                f"end {values[-1]:.0f} MB, max {max(values):.0f} MB ({len(values)} samples)"
            )
        assert CertificateBatch.objects.filter(pk=batch.pk, failed=0).exists()
        for worker in workers:
            stop_worker(worker, timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render-count", type=int, default=200)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--broker", default=None, help="default: embedded SQLite broker")
    parser.add_argument("--database", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--skip-render", action="store_true")
    args = parser.parse_args()
    if not args.skip_render:
        render_comparison(args.render_count)
    cohort_end_to_end(args.learners, args.broker, args.database)


if __name__ == "__main__":
    main()
