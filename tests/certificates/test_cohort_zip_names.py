"""The cohort ZIP is named with the cohort's code as it is shown everywhere, and each file by
its serial and the holder's name, Thai first, then the English name where there is one."""

import io
import zipfile

import pytest

from certificates import issuing
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner, make_opdc_staff

pytestmark = pytest.mark.django_db


def _download(client, cohort):
    client.force_login(make_opdc_staff())
    response = client.get(f"/admin/certificates/cohort/{cohort.pk}/certificates.zip")
    assert response.status_code == 200
    return response


def _names(response) -> list[str]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return archive.namelist()


def test_the_zip_is_named_with_the_code_as_shown(client):
    cohort = make_cohort()
    issuing.issue_certificate(make_enrollment(cohort=cohort))

    response = _download(client, cohort)

    assert cohort.code.isupper()
    assert f'filename="certificates-{cohort.code}.zip"' in response["Content-Disposition"]


def test_files_are_named_by_serial_then_thai_and_english_names(client):
    cohort = make_cohort()
    anucha = make_learner(
        title_th="นาย",
        first_name_th="อนุชา",
        last_name_th="สุขสวัสดิ์",
        title_en="Mr",
        first_name="Anucha",
        last_name="Suksawat",
    )
    thai_only = make_learner(
        title_th="นาง", first_name_th="มานี", last_name_th="มีนา", first_name="", last_name=""
    )
    first = issuing.issue_certificate(make_enrollment(cohort=cohort, learner=anucha))
    second = issuing.issue_certificate(make_enrollment(cohort=cohort, learner=thai_only))

    names = _names(_download(client, cohort))

    assert sorted(names) == sorted(
        [
            f"{first.serial} นายอนุชา สุขสวัสดิ์ (Mr Anucha Suksawat).pdf",
            f"{second.serial} นางมานี มีนา.pdf",
        ]
    )


def test_names_stay_safe_short_and_unique(client):
    cohort = make_cohort()
    twins = [
        make_learner(
            first_name_th="สม/ชาย" + "ยาว" * 45,  # 141 characters, 423 bytes
            last_name_th="..\\ใจ:ดี",
            first_name='Som<chai>/"' + "Long" * 34,  # 147: the column holds 150
            last_name="Jai\x00dee",
        )
        for _ in range(2)
    ]
    for learner in twins:
        issuing.issue_certificate(make_enrollment(cohort=cohort, learner=learner))

    names = _names(_download(client, cohort))

    assert len(set(names)) == 2
    for name in names:
        assert name.endswith(".pdf") and name.startswith("GL-")
        assert not set('/\\:*?"<>|\x00') & set(name)
        assert len(name.encode()) <= 255  # a file system's limit for one name
