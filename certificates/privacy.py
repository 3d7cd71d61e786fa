"""The personal data of certificates (PDPA; registry in privacy.registry).

Erasure replaces the holder's name on their certificates, in the certificates' history and in
the stored PDFs, with "removed at their request" in Thai and English. The certificate still
verifies by serial: course, dates, hours and status are unchanged, the page says when and why
the name was erased, and the PDF first issued (its SHA-256 is kept in ``original_sha256``; a
digest is not personal data) is still recognised as the file that was issued.
"""

from django.apps import apps
from django.utils import timezone

from certificates import issuing
from certificates.models import Certificate
from certificates.storage import certificate_storage
from privacy.registry import Outcome, anonymised_link, of_person, register, rows

# Printed instead of the holder's name on an erased person's certificates (both languages
# appear on the verification page, whatever the reader's language).
# The same words as an erased person's name on every page (User.display_name, the My data page).
ERASED_HOLDER_TH = "ลบตามคำขอของเจ้าของข้อมูล"
ERASED_HOLDER_EN = "Removed at their request"
# Every Thai wording an erasure has printed (before 2026-12: the second): a certificate that
# carries one is already erased.
ERASED_HOLDERS_TH = (ERASED_HOLDER_TH, "ลบข้อมูลตามคำขอของเจ้าของข้อมูล")


def _erase_certificates(person) -> Outcome:
    certificates = list(Certificate.objects.filter(enrollment__learner=person))
    # The storage the PDFs were written to (STORAGES["certificates"] when configured), never the
    # default one: deleting the name there would leave the PDF that prints it.
    storage = certificate_storage()
    now = timezone.now()
    for certificate in certificates:
        # Certificates erased before holder_erased_at existed lost their original digest: the
        # hash they carry is of the copy without the name, never to be taken for the original.
        first_erasure = (
            certificate.holder_erased_at is None
            and certificate.holder_name_th not in ERASED_HOLDERS_TH
        )
        if first_erasure:
            certificate.holder_erased_at = now
            certificate.original_sha256 = certificate.sha256
        if certificate.pdf.name:
            storage.delete(certificate.pdf.name)
        certificate.holder_name_th = ERASED_HOLDER_TH
        certificate.holder_name_en = ERASED_HOLDER_EN
        certificate.pdf.name = ""
        certificate.sha256 = ""
        setattr(certificate, "_change_reason", "holder's personal data erased at their request")  # noqa: B010
        certificate.save()
        # A new PDF without the name, so the stored file matches its hash again.
        issuing.ensure_pdf(certificate)
    return Outcome(f"holder removed from {len(certificates)}, PDFs rendered again")


def _erase_certificate_history(person) -> Outcome:
    certificate_ids = Certificate.objects.filter(enrollment__learner=person).values("pk")
    count = (
        apps.get_model("certificates.historicalcertificate")
        .objects.filter(id__in=certificate_ids)
        .update(holder_name_th=ERASED_HOLDER_TH, holder_name_en=ERASED_HOLDER_EN)
    )
    return Outcome(f"holder removed from {count} history rows")


_history = ["history_date", "history_type", "history_change_reason"]
register(
    "certificates.certificate",
    export=rows(
        of_person("certificates.certificate", "enrollment__learner"),
        [
            "serial",
            "status",
            "holder_name_th",
            "holder_name_en",
            "course_title_th",
            "course_title_en",
            "start_date",
            "end_date",
            "hours",
            "issued_at",
            "revoked_at",
            "revocation_reason",
            "sha256",
            "original_sha256",
            "holder_erased_at",
        ],
    ),
    erase=_erase_certificates,
    order=10,
)
register(
    "certificates.historicalcertificate",
    export=rows(
        of_person("certificates.historicalcertificate", "enrollment__learner"),
        [*_history, "serial", "status", "holder_name_th", "holder_name_en"],
    ),
    erase=_erase_certificate_history,
    order=20,  # after the certificates' own erasure added its history rows
)
register(
    "certificates.certificatebatch",
    export=rows(of_person("certificates.certificatebatch", "created_by"), ["created_at"]),
    erase=anonymised_link("who started a batch"),
)
