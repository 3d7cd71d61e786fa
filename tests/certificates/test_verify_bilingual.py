"""The verification pages have no language prefix and speak both languages, Thai first: every
label and message of their forms too, whatever language the browser asks for."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from certificates import issuing
from tests.certificates.factories import make_enrollment

pytestmark = pytest.mark.django_db

LANGUAGES = pytest.mark.parametrize("language", ["th", "en"])


def _both(message: str) -> tuple[str, str]:
    with translation.override("th"):
        thai = gettext(message)
    with translation.override("en"):
        english = gettext(message)
    assert thai != english  # translated in our catalogue
    return thai, english


def _says_both(html: str, message: str) -> bool:
    """Thai, then the English in an English span: "ไทย <span lang="en">/ English</span>"."""
    thai, english = _both(message)
    pattern = re.escape(thai) + r'\s*<span lang="en">/ ' + re.escape(english) + "</span>"
    return re.search(pattern, html) is not None


@LANGUAGES
def test_a_number_that_cannot_be_one_is_explained_in_both_languages(client, language):
    page = client.get(
        "/verify/", {"serial": "GL-1234"}, HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert _says_both(page, "This is not a certificate number. Please check it and try again.")
    assert _says_both(page, "Certificate number")


@LANGUAGES
def test_the_upload_control_speaks_both_languages(client, language):
    certificate = issuing.issue_certificate(make_enrollment())

    page = client.get(
        f"/verify/{certificate.serial}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    control = page[page.index('class="file-picker"') :]
    control = control[: control.index("</div>")]
    for text in ("Certificate PDF", "Choose a PDF file", "No file chosen"):
        assert _says_both(control, text), text


@LANGUAGES
def test_a_missing_file_is_explained_in_both_languages(client, language):
    certificate = issuing.issue_certificate(make_enrollment())

    page = client.post(
        f"/verify/{certificate.serial}/check/", {}, HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert _says_both(page, "This field is required.")


def test_a_thai_learner_opening_their_certificate_check_reads_the_thai_site_around_it(client):
    """Opened from Thai My learning in an English browser: the menu and footer are the Thai
    site's (the account's language), not the browser's."""
    enrollment = make_enrollment()
    certificate = issuing.issue_certificate(enrollment)
    learner = enrollment.learner
    learner.preferred_language = "th"
    learner.save()
    client.force_login(learner)

    response = client.get(f"/verify/{certificate.serial}/", HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert '<html lang="th"' in response.content.decode()
    assert response["Content-Language"] == "th"


def test_an_anonymous_checker_still_gets_their_browsers_language(client):
    certificate = issuing.issue_certificate(make_enrollment())

    response = client.get(f"/verify/{certificate.serial}/", HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert '<html lang="en"' in response.content.decode()
