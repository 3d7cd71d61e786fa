"""After a restore (or any time): does every certificate still verify?

For each certificate: its stored PDF exists in the certificates' storage (certificates.storage)
and matches the SHA-256 recorded at issue, and its public verification page answers with its
serial. Prints progress and a summary; exits non-zero listing every failure, so a restore
script can stop on it.

    python manage.py verify_certificates
"""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import Storage
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.urls import resolve, reverse

from certificates.models import Certificate
from certificates.storage import certificate_storage


def _file_problem(certificate: Certificate, storage: Storage) -> str | None:
    if not certificate.pdf.name:
        return "no stored PDF recorded"
    if not storage.exists(certificate.pdf.name):
        return f"stored PDF {certificate.pdf.name} is missing"
    digest = hashlib.sha256()
    with storage.open(certificate.pdf.name, "rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    if digest.hexdigest() != certificate.sha256:
        return f"stored PDF {certificate.pdf.name} does not match its SHA-256"
    return None


def _page_problem(certificate: Certificate, factory: RequestFactory) -> str | None:
    """Call the verification view in-process, as a visitor's request would reach it."""
    path = reverse("certificates:verify", args=[certificate.serial])
    match = resolve(path)
    request = factory.get(path)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        return f"verification page {path} answered {response.status_code}"
    if certificate.serial not in response.content.decode("utf-8", "replace"):
        return f"verification page {path} does not show the serial"
    return None


class Command(BaseCommand):
    help = "Check every certificate's stored PDF against its SHA-256 and its verification page."

    def handle(self, *args, **options):
        host = urlsplit(settings.PUBLIC_BASE_URL).netloc or "localhost"
        factory = RequestFactory(HTTP_HOST=host)
        storage = certificate_storage()
        failures = []
        certificates = Certificate.objects.select_related("superseded_by").order_by("pk")
        total = certificates.count()
        for number, certificate in enumerate(certificates.iterator(), start=1):
            for problem in (
                _file_problem(certificate, storage),
                _page_problem(certificate, factory),
            ):
                if problem:
                    failures.append(f"{certificate.serial}: {problem}")
            if number % 500 == 0:
                self.stdout.write(f"checked {number} of {total}, {len(failures)} failures so far")
        self.stdout.write(f"checked {total} certificates, {len(failures)} failures")
        if failures:
            raise CommandError(
                f"{len(failures)} certificate check(s) failed:\n" + "\n".join(failures)
            )
