"""Participant import speed and memory: generate a file, validate and save it on SQLite.

Run from the repository root:

    .venv/bin/python benchmarks/import_participants.py --rows 10000

Builds a throw-away SQLite database from the migrations (var/bench_import.sqlite3), a course
and a cohort with enough seats, then imports a generated file of new people (Thai names,
agency and province by name) in each format: first timed, then again into a fresh cohort
under tracemalloc for the peak of Python allocations (tracemalloc slows the run, so its time
is not reported). Target (issue #4): 10,000 rows in under 10 s, memory bounded. Wall time and
CPU time are both printed: on a shared machine the wall time mostly measures other processes.
"""

import argparse
import io
import os
import resource
import time
import tracemalloc

from _django import ROOT, setup_django


def generate(rows: int, prefix: str, file_format: str, province: str) -> io.BytesIO:
    from tests.courses.workbooks import csv_file, numbered_person, xlsx_file

    people = (numbered_person(i, prefix, province) for i in range(rows))
    if file_format == "xlsx":
        return xlsx_file(people, write_only=True)
    return csv_file(people, encoding="utf-8-sig")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--formats", default="csv,xlsx")
    args = parser.parse_args()

    setup_django()
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    from courses.importing import ParticipantFile, import_participants, save, validate

    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench_import.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from cms.reference import Province
        from tests.courses.helpers import make_cohort
        from tests.factories import make_trainer

        province = Province.objects.first().name_th
        trainer = make_trainer()
        for file_format in args.formats.split(","):
            data = generate(args.rows, f"{file_format}-timed-", file_format, province)
            size = len(data.getvalue())
            cohort = make_cohort(capacity=args.rows, trainers=[trainer])
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            cpu_started = time.process_time()
            started = time.perf_counter()
            source = ParticipantFile(data, f"people.{file_format}")
            checked = validate(source, cohort)
            validated = time.perf_counter()
            assert checked.ok, checked.lines()[:5]
            with transaction.atomic():
                report = save(source, cohort, by=trainer)
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            validate_s, save_s = validated - started, elapsed - (validated - started)
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            assert report.saved

            data = generate(args.rows, f"{file_format}-traced-", file_format, province)
            cohort = make_cohort(capacity=args.rows, trainers=[trainer])
            tracemalloc.start()
            traced = import_participants(data, cohort, by=trainer, name=f"people.{file_format}")
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            assert traced.saved

            print(  # noqa: T201
                f"{file_format:>4}: {args.rows} rows ({size / 1024:.0f} KB file), "
                f"validate+save {elapsed:.2f} s (validate {validate_s:.2f} s, save {save_s:.2f} s; "
                f"{args.rows / elapsed:.0f} rows/s; CPU {cpu:.2f} s), "
                f"{report.created_accounts} accounts created, {report.enrolled} enrolled; "
                f"peak Python allocations {peak / 1024 / 1024:.1f} MB; "
                f"max RSS {rss_before:.0f} -> {rss_after:.0f} MB; "
                f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
            )
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["TEST"]["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
