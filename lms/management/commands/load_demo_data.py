"""Build a realistic, bilingual Gov Lab for trying the system: `manage.py load_demo_data`.

Idempotent: run it again and it brings the demo back to the same state without duplicates.
Each app adds its own part through its `demo.load()`, lowest layer first.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from accounts import demo as accounts_demo

# Each app's `demo.load()`, lowest layer first; an app without one is skipped. "app:function"
# calls another function of the app's demo module: the home page's featured courses are
# published after the tracker's demo, in the order the demo was always built, so the demo
# database is the same row for row (primary keys of revisions and logs included).
DEMO_APPS = [
    "cms",
    "tracker",
    "cms:load_home_features",
    "accounts",
    "courses",
    "certificates",
    "lms",
]


class Command(BaseCommand):
    help = "Load the Gov Lab demo: reference data, people, pages, cohorts and certificates."

    def handle(self, *args, **options):
        if not settings.DEBUG and not options.get("force"):
            self.stderr.write("Refusing to load demo data with DEBUG off (pass --force to insist).")
            return
        translation.activate("th")
        with transaction.atomic():
            for step in DEMO_APPS:
                app, _colon, function = step.partition(":")
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                if hasattr(module, function or "load"):
                    getattr(module, function or "load")()
        self.stdout.write(self.style.SUCCESS("Gov Lab demo data is loaded."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {accounts_demo.DEMO_PASSWORD}):")
        for username, role in (
            ("admin", "superuser"),
            ("trainer", "Trainers"),
            ("opdc", "OPDC staff"),
            ("learner", "Learners"),
        ):
            self.stdout.write(f"  {username:<8} {role}")
        self.stdout.write(
            f"Site: {settings.PUBLIC_BASE_URL}/th/   Admin: {settings.PUBLIC_BASE_URL}/admin/"
        )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")
