"""Build a realistic, bilingual Gov Lab for trying the system: `manage.py load_demo_data`.

Reads the content in demo/content/ and builds it with each app's builder, lowest layer first,
in one transaction (demo/loading.py). Idempotent: run it again and it brings the demo back to
the same state without duplicates. A first run takes a minute or more, so it reports each part
as it starts and how long it took.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from demo import loading


class Command(BaseCommand):
    help = "Load the Gov Lab demo: reference data, people, pages, cohorts and certificates."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options.get("force"):
            self.stderr.write("Refusing to load demo data with DEBUG off (pass --force to insist).")
            return
        content = loading.read_content()
        translation.activate("th")
        started = time.monotonic()
        with transaction.atomic():
            loading.load(content, progress=self._progress)
        self.stdout.write(
            self.style.SUCCESS(f"Gov Lab demo data is loaded ({time.monotonic() - started:.0f} s).")
        )
        self.stdout.write("")
        people = content["people"]
        self.stdout.write(f"Demo logins (password: {people['password']}):")
        width = max(len(login["username"]) for login in people["logins"])
        for login in people["logins"]:
            self.stdout.write(f"  {login['username']:<{width}}  {_role_of(login)}")
        self.stdout.write(
            f"Site: {settings.PUBLIC_BASE_URL}/th/   Admin: {settings.PUBLIC_BASE_URL}/admin/"
        )

    def _progress(self, number: int, total: int, text: str):
        """Say which part starts before it runs (flushed, as the output may be a pipe)."""
        self.stdout.write(f"[{number}/{total}] {text} ...", ending="")
        self.stdout.flush()
        started = time.monotonic()

        def done() -> None:
            self.stdout.write(f" {time.monotonic() - started:.1f} s")
            self.stdout.flush()

        return done


def _role_of(login: dict) -> str:
    """What the login is for, as the README's table says: a coordinator is a learner whose
    role is coordinating their agency, so that is what they are shown as."""
    if login.get("superuser"):
        return "superuser"
    if login.get("coordinates"):
        return f"agency coordinator ({', '.join(login['coordinates'])})"
    return login["role"]
