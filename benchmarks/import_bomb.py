"""Participant import against an XLSX zip bomb, next to legitimate large files: peak memory
(max RSS, from resource.getrusage) and time of each, every case in its own process so that one
case's peak cannot hide another's.

Run from the repository root:

    .venv/bin/python benchmarks/import_bomb.py
    .venv/bin/python benchmarks/import_bomb.py --rows 50000 --bomb-mb 1024 --unguarded

Builds, in a temporary directory: a bomb (a real workbook whose sheet, after its header and one
person, declares 1 GB of white space: about 1 MB compressed), and a legitimate workbook and CSV
file of `--rows` new people. Migrates a throw-away SQLite database (var/bench_bomb.sqlite3).
Then measures, each in a fresh process:

- upload bomb: what the admin request does with the bomb (the upload form's validation, which
  reads the zip directory and refuses it);
- worker bomb: what the Celery worker or the management command does (`import_participants`);
- unguarded bomb (with --unguarded): what the request did before the check, count the rows
  with openpyxl's read-only reader, under an address-space limit of 4 GB so that it cannot take
  the machine down;
- upload xlsx: the request's validation of the legitimate workbook;
- xlsx, csv: a full import of the legitimate files (validate and save `--rows` people).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from _django import ROOT, setup_django

MB = 1024 * 1024
DATABASE = ROOT / "var" / "bench_bomb.sqlite3"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- One case, in its own process -----------------------------------------------------------


def run_case(case: str, path: str) -> None:
    setup_django()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses.admin_imports import UploadForm
    from courses.importing import import_participants
    from tests.courses.helpers import make_cohort
    from tests.factories import make_course

    name = Path(path).name
    cohort = None
    if case in ("worker bomb", "xlsx", "csv"):
        slug = "bench-" + case.replace(" ", "-")
        cohort = make_cohort(capacity=1_000_000, course=make_course(slug=slug))
    before = _rss_mb()
    started = time.perf_counter()
    if case.startswith("upload"):
        upload = SimpleUploadedFile(name, Path(path).read_bytes())
        form = UploadForm({}, {"file": upload})
        outcome = "accepted" if form.is_valid() else f"refused: {form.errors['file'][0]}"
    elif case == "unguarded bomb":
        from openpyxl import load_workbook

        resource.setrlimit(resource.RLIMIT_AS, (4 * 1024 * MB, 4 * 1024 * MB))
        try:
            with open(path, "rb") as binary:
                workbook = load_workbook(binary, read_only=True, data_only=True)
                rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
            outcome = f"parsed: {rows} rows"
        except MemoryError:
            outcome = "MemoryError at the 4 GB address-space limit"
    else:
        with open(path, "rb") as binary:
            report = import_participants(binary, cohort, name=name)
        if report.saved:
            outcome = f"imported: {report.total_rows} rows, {report.enrolled} enrolled"
        else:
            outcome = f"refused: {report.errors[0]['en']}"
    elapsed = time.perf_counter() - started
    print(  # noqa: T201
        f"{case:>14}: {elapsed:6.2f} s, max RSS {before:.0f} -> {_rss_mb():.0f} MB; {outcome}"
    )


# -- The driver -----------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--bomb-mb", type=int, default=1024)
    parser.add_argument("--unguarded", action="store_true")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        # The welcome e-mails are other workers' jobs: queued in memory, not sent here.
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_BROKER_URL": "memory://",
    }
    if args.case:
        run_case(args.case, args.file)
        return
    os.environ.update(environment)
    setup_django()  # for the files' columns, courses.importing.HEADERS
    from tests.courses.workbooks import csv_file, numbered_person, xlsx_file, zip_bomb

    def people(prefix):
        return [numbered_person(i, prefix, "เชียงใหม่") for i in range(args.rows)]

    with tempfile.TemporaryDirectory() as directory:
        files = {}
        started = time.perf_counter()
        for key, data, name in (
            ("bomb", zip_bomb(args.bomb_mb * MB).getvalue(), "bomb.xlsx"),
            ("xlsx", xlsx_file(people("xlsx")).getvalue(), "people.xlsx"),
            ("csv", csv_file(people("csv"), encoding="utf-8-sig").getvalue(), "people.csv"),
        ):
            files[key] = Path(directory) / name
            files[key].write_bytes(data)
            expanded = ""
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(files[key]) as archive:
                    declared = sum(part.file_size for part in archive.infolist())
                expanded = f", declares {declared / MB:.0f} MB of XML"
            print(f"{name}: {len(data) / MB:.2f} MB{expanded}")  # noqa: T201
        print(f"files built in {time.perf_counter() - started:.1f} s")  # noqa: T201
        DATABASE.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment, check=True
        )
        cases = [("upload bomb", "bomb"), ("worker bomb", "bomb")]
        if args.unguarded:
            cases.append(("unguarded bomb", "bomb"))
        cases += [("upload xlsx", "xlsx"), ("xlsx", "xlsx"), ("csv", "csv")]
        try:
            for case, key in cases:
                command = [sys.executable, __file__, "--case", case, "--file", str(files[key])]
                subprocess.run(command, cwd=ROOT, env=environment, check=True)
        finally:
            DATABASE.unlink(missing_ok=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # noqa: T201


if __name__ == "__main__":
    main()
