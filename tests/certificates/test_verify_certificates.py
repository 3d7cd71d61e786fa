"""`manage.py verify_certificates` reads the PDFs from the certificates' own storage, where
issuing writes them, also when a deployment configures one apart from the default storage."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from certificates import issuing
from certificates.storage import certificate_storage
from tests.certificates.factories import make_enrollment

pytestmark = pytest.mark.django_db


def test_certificates_in_a_separate_storage_verify(separate_certificate_storage, capsys):
    certificate = issuing.issue_certificate(make_enrollment())
    assert (separate_certificate_storage / certificate.pdf.name).exists()

    call_command("verify_certificates")  # no CommandError

    assert "checked 1 certificates, 0 failures" in capsys.readouterr().out


def test_a_pdf_lost_from_the_separate_storage_is_reported(separate_certificate_storage):
    lost = issuing.issue_certificate(make_enrollment())
    kept = issuing.issue_certificate(make_enrollment())
    certificate_storage().delete(lost.pdf.name)

    with pytest.raises(CommandError) as error:
        call_command("verify_certificates")

    message = str(error.value)
    assert "1 certificate check(s) failed" in message
    assert f"{lost.serial}: stored PDF {lost.pdf.name} is missing" in message
    assert kept.serial not in message
