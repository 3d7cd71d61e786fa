"""The certificate names the cohort ("รุ่นที่ 1 ปีงบประมาณ 2563"), never its random code, and its
QR code and printed address use the public base URL."""

import importlib
import io
import re
import unicodedata

import pypdf
import pytest
import zxingcpp
from django.apps import apps
from django.core.files.storage import default_storage
from PIL import Image

from certificates import issuing
from certificates.demo import demo_content, demo_design
from certificates.models import CertificateTemplate
from certificates.rendering import CertificateRenderer
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_bilingual_course, make_bilingual_home

pytestmark = pytest.mark.django_db


def _pdf(certificate) -> bytes:
    with default_storage.open(certificate.pdf.name, "rb") as file:
        return file.read()


def _text(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    # NFKC: the "fi" ligature and SARA AM come back as the letters they are drawn from.
    return unicodedata.normalize("NFKC", re.sub(r"\s+", " ", text))


def _qr_codes(pdf: bytes) -> list[str]:
    decoded = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            bitmap = image.image.convert("L")
            bitmap = bitmap.resize((bitmap.width * 8, bitmap.height * 8), Image.Resampling.NEAREST)
            decoded += [result.text for result in zxingcpp.read_barcodes(bitmap)]
    return decoded


def _bilingual_cohort(**overrides):
    make_bilingual_home()
    course = make_bilingual_course(en_title="Public Service Design", duration_hours=30)
    return make_cohort(course=course, **overrides)


def test_the_pdf_names_the_cohort_in_each_language_not_its_code():
    cohort = _bilingual_cohort(title="รุ่นที่ 1 ปีงบประมาณ 2563", title_en="Cohort 1, fiscal year 2020")

    certificate = issuing.issue_certificate(make_enrollment(cohort=cohort))

    text = _text(_pdf(certificate))
    assert "รุ่นที่ 1 ปีงบประมาณ 2563" in text
    assert "Cohort 1, fiscal year 2020" in text
    assert cohort.code not in text
    # The old default text put "รุ่น" before the code: no "รุ่น รุ่นที่ 1" now.
    assert "รุ่น รุ่นที่" not in text


def test_a_cohort_without_an_english_name_keeps_its_thai_name_on_the_english_line():
    cohort = _bilingual_cohort(title="รุ่นพิเศษสำหรับผู้บริหาร")

    certificate = issuing.issue_certificate(make_enrollment(cohort=cohort))

    text = _text(_pdf(certificate))
    assert text.count(unicodedata.normalize("NFKC", "รุ่นพิเศษสำหรับผู้บริหาร")) == 2
    assert cohort.code not in text


def test_the_code_is_printed_only_when_there_is_no_cohort_name():
    renderer = CertificateRenderer()
    content = demo_content(cohort_code="PNZGVATE", cohort_name_th="", cohort_name_en="")

    text = _text(renderer.render(demo_design(), content))

    assert "รุ่น PNZGVATE" in text
    assert "cohort PNZGVATE" in text


def test_the_verification_page_names_the_cohort(client):
    cohort = _bilingual_cohort(title="รุ่นที่ 1 ปีงบประมาณ 2563", title_en="Cohort 1, fiscal year 2020")
    certificate = issuing.issue_certificate(make_enrollment(cohort=cohort))

    page = client.get(f"/verify/{certificate.serial}/").content.decode()

    assert "รุ่นที่ 1 ปีงบประมาณ 2563" in page
    assert "Cohort 1, fiscal year 2020" in page
    assert cohort.code not in page


def test_the_qr_code_and_printed_address_use_the_public_base_url(settings):
    settings.PUBLIC_BASE_URL = "https://govlab.example"
    certificate = issuing.issue_certificate(make_enrollment(cohort=_bilingual_cohort()))

    pdf = _pdf(certificate)

    expected = f"https://govlab.example/verify/{certificate.serial}/"
    assert _qr_codes(pdf) == [expected]
    assert expected in _text(pdf).replace(" ", "")
    assert ":8000" not in _text(pdf)


def test_the_migration_rewords_designs_that_still_have_the_old_default_text():
    design = CertificateTemplate.objects.create(
        name="เดิม",
        body_th="ได้ผ่านการอบรมหลักสูตร {course_th} รุ่น {cohort}\nระหว่างวันที่ {start_date_th}",
        body_en="has completed the course {course_en}, cohort {cohort},\nfrom {start_date_en}",
    )
    migration = importlib.import_module("certificates.migrations.0002_cohort_name")

    migration.name_the_cohort(apps, None)

    design.refresh_from_db()
    assert design.body_th == "ได้ผ่านการอบรมหลักสูตร {course_th} {cohort}\nระหว่างวันที่ {start_date_th}"
    assert design.body_en == "has completed the course {course_en}, {cohort},\nfrom {start_date_en}"


def test_a_certificate_issued_with_the_old_text_prints_the_same_after_the_migration():
    # Before: "รุ่น {cohort}" printed the code after "รุ่น", as "{cohort_code}" does now.
    before = demo_design(
        body_th="ได้ผ่านการอบรมหลักสูตร {course_th} รุ่น {cohort_code}",
        body_en="has completed the course {course_en}, cohort {cohort_code},",
    )
    after = demo_design(
        body_th="ได้ผ่านการอบรมหลักสูตร {course_th} {cohort}",
        body_en="has completed the course {course_en}, {cohort},",
    )
    # Certificates issued before this change kept no cohort name, only its code.
    content = demo_content(cohort_code="PNZGVATE", cohort_name_th="", cohort_name_en="")
    renderer = CertificateRenderer()

    assert renderer.render(before, content) == renderer.render(after, content)
