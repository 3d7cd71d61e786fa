import pytest
from django.template import Context, Template

from certificates import issuing
from tests.certificates.factories import make_enrollment

pytestmark = pytest.mark.django_db

_TEMPLATE = Template(
    "{% load certificate_tags %}{% certificate_for enrollment as cert %}"
    "{% if cert %}{% certificate_download_url cert %}{% else %}none{% endif %}"
)


def test_it_links_the_valid_certificate_of_an_enrolment():
    enrollment = make_enrollment()
    certificate = issuing.issue_certificate(enrollment)

    assert _TEMPLATE.render(Context({"enrollment": enrollment})) == (
        f"/verify/{certificate.serial}/file/"
    )


def test_it_shows_nothing_for_a_revoked_certificate():
    enrollment = make_enrollment()
    issuing.revoke(issuing.issue_certificate(enrollment), "ออกผิดคน")

    assert _TEMPLATE.render(Context({"enrollment": enrollment})) == "none"
