"""Realistic demo certificate data, shared by the tests, the benchmark and the demo seeder.

The emblems and signature are placeholders drawn for the demo, not official seals.
"""

import dataclasses
import datetime

from certificates.rendering import DEMO_ASSET_DIR, CertificateContent, CertificateDesign, Signatory


def demo_design(**overrides) -> CertificateDesign:
    design = CertificateDesign(
        issuer_th="สำนักงานคณะกรรมการพัฒนาระบบราชการ (ก.พ.ร.)",
        issuer_en="Office of the Public Sector Development Commission (OPDC)",
        logos=(
            DEMO_ASSET_DIR / "emblem-placeholder.svg",
            DEMO_ASSET_DIR / "govlab-placeholder.svg",
        ),
        signatories=(
            Signatory(
                name_th="นายปกรณ์ ศักดิ์ศรีสุข",
                name_en="Mr Pakorn Saksrisuk",
                position_th="เลขาธิการ ก.พ.ร.",
                position_en="Secretary-General, OPDC",
                signature_image=DEMO_ASSET_DIR / "signature-placeholder.svg",
            ),
            Signatory(
                name_th="นางญาณิศา ฝั้นคำ",
                name_en="Mrs Yanisa Fankham",
                position_th="ผู้อำนวยการศูนย์นวัตกรรมภาครัฐ",
                position_en="Director, Government Innovation Lab",
                signature_image=DEMO_ASSET_DIR / "signature-placeholder.svg",
            ),
        ),
    )
    return dataclasses.replace(design, **overrides)


def demo_content(**overrides) -> CertificateContent:
    content = CertificateContent(
        serial="GL-7Q2M-K9TB-4XWE-HR35",
        holder_title_th="นางสาว",
        holder_name_th="ศักดิ์สิทธิ์ ฟ้าใส",
        holder_title_en="Ms",
        holder_name_en="Saksit Fasai",
        course_name_th="การออกแบบบริการภาครัฐ (Public Service Design)",
        course_name_en="Public Service Design",
        cohort_code="PSD-2563-01",
        cohort_name_th="รุ่นที่ 1 ปีงบประมาณ 2563",
        cohort_name_en="Cohort 1, fiscal year 2020",
        start_date=datetime.date(2020, 2, 17),
        end_date=datetime.date(2020, 2, 21),
        hours=30,
        issue_date=datetime.date(2020, 2, 21),
        verification_url="https://govlab.opdc.go.th/verify/GL-7Q2M-K9TB-4XWE-HR35",
    )
    return dataclasses.replace(content, **overrides)


def load() -> None:
    """Seed the default certificate design and certify completed demo enrolments (idempotent)."""
    from certificates import issuing
    from certificates.models import DEFAULT_TEMPLATE_NAME, CertificateTemplate
    from courses.models import Enrollment

    design = demo_design()
    fields = {
        "issuer_th": design.issuer_th,
        "issuer_en": design.issuer_en,
        "is_default": True,
    }
    for number, signatory in enumerate(design.signatories, start=1):
        fields[f"signatory{number}_name_th"] = signatory.name_th
        fields[f"signatory{number}_name_en"] = signatory.name_en
        fields[f"signatory{number}_position_th"] = signatory.position_th
        fields[f"signatory{number}_position_en"] = signatory.position_en
    CertificateTemplate.objects.exclude(name=DEFAULT_TEMPLATE_NAME).update(is_default=False)
    template, _ = CertificateTemplate.objects.update_or_create(
        name=DEFAULT_TEMPLATE_NAME, defaults=fields
    )
    if template.latest_revision is None:
        template.save_revision()
    for enrollment in Enrollment.objects.filter(status=Enrollment.Status.COMPLETED):
        issuing.issue_certificate(enrollment)
