"""The privacy notice page (/th/privacy/): it shows the data protection officer's address and
its own version as a month, both from the settings the sign-up records."""

import pytest

from cms.models import StandardPage
from tests.factories import make_bilingual_home, make_english, make_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    make_bilingual_home()
    thai = StandardPage(title="ประกาศความเป็นส่วนตัว", slug="privacy")
    make_home().add_child(instance=thai)
    thai.save_revision().publish()
    make_english(thai, title="Privacy notice")
    return thai


@pytest.mark.parametrize(
    ("language", "month", "label"),
    [
        ("th", "พฤศจิกายน 2569", "เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล"),
        ("en", "November 2026", "Data protection officer"),
    ],
)
def test_the_notice_gives_its_month_and_the_officers_address(
    client, settings, notice, language, month, label
):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    settings.DATA_PROTECTION_OFFICER_EMAIL = "privacy-officer@opdc.go.th"

    html = client.get(f"/{language}/privacy/").content.decode()

    assert month in html and "2026-11" not in html
    assert label in html
    assert 'href="mailto:privacy-officer@opdc.go.th"' in html


def test_another_page_says_nothing_of_the_officer(client, notice):
    about = StandardPage(title="เกี่ยวกับเรา", slug="about")
    make_home().add_child(instance=about)
    about.save_revision().publish()

    assert "mailto:" not in client.get("/th/about/").content.decode()
