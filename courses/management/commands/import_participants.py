"""`manage.py import_participants FILE --cohort CODE`: the admin's import, from a shell."""

from django.core.management.base import BaseCommand, CommandError

from courses.importing import import_participants
from courses.models import Cohort


class Command(BaseCommand):
    help = (
        "Enrol the people listed in a CSV or XLSX file in a cohort. The whole file is checked "
        "first; if any row has a problem nothing is saved and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8 or TIS-620/cp874) or XLSX file")
        parser.add_argument("--cohort", required=True, help="the cohort's public code")

    def handle(self, *args, file: str, cohort: str, **options):
        found = Cohort.objects.filter(code=cohort.strip().upper()).first()
        if found is None:
            raise CommandError(f"No cohort has the code {cohort!r}.")
        try:
            binary = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(f"Cannot open {file}: {error}") from error
        with binary:
            report = import_participants(binary, found, by=None, name=file)
        for line in report.lines():
            (self.stdout if report.saved else self.stderr).write(line)
        if not report.saved:
            raise CommandError(f"{report.error_count} problems found; nothing was saved.")
