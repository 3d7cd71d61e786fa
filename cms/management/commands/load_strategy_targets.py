"""Load OPDC's sub-plan targets of the National Strategy from a CSV file, all or nothing.

    python manage.py load_strategy_targets targets.csv

Columns: code,master_plan,sub_plan_th,sub_plan_en,name_th,name_en (UTF-8, header first;
master_plan is the master plan's number, 1 to 23). Existing codes are updated.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.strategy import TargetFileError, load_targets


class Command(BaseCommand):
    help = "Load sub-plan targets of the National Strategy from a CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file: code,master_plan,sub_plan_th,...")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            result = load_targets(text)
        except TargetFileError as error:
            for line in error.errors:
                self.stderr.write(line)
            raise CommandError(
                f"{path}: {len(error.errors)} problem(s); nothing was saved."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: {result.created} target(s) created, {result.updated} updated."
            )
        )
