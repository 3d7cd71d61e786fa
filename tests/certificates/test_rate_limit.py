"""Public verification is rate-limited per IP address, with one refusal that reveals nothing."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from certificates import issuing, views
from certificates.serials import new_serial
from tests.certificates.factories import make_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    """Budgets are per clock minute: a test straddling a minute would start a fresh one."""
    with time_machine.travel(
        datetime.datetime(2026, 1, 5, 10, 0, 5, tzinfo=datetime.UTC), tick=False
    ):
        yield


LOOKUPS = int(views.LOOKUP_RATE.split("/")[0])
CHECKS = int(views.CHECK_FILE_RATE.split("/")[0])


@pytest.fixture
def certificate():
    return issuing.issue_certificate(make_enrollment())


def _refusal_texts():
    texts = []
    for language in ("th", "en"):
        with translation.override(language):
            texts.append(
                gettext(
                    "This address has checked too many certificates in a short time. "
                    "Please wait a minute and try again."
                )
            )
    return texts


def _use_up_lookups(client, ip="203.0.113.7"):
    for _ in range(LOOKUPS):
        assert client.get(f"/verify/{new_serial()}/", REMOTE_ADDR=ip).status_code == 404


def test_the_page_refuses_an_ip_over_its_budget_in_both_languages(client, certificate):
    _use_up_lookups(client)

    response = client.get(f"/verify/{certificate.serial}/", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    for text in _refusal_texts():
        assert text in page
    # Nothing about the certificate asked for.
    assert certificate.holder_name_th not in page
    assert certificate.serial not in page


def test_the_refusal_is_the_same_for_known_and_unknown_serials(client, certificate):
    _use_up_lookups(client)

    known = client.get(f"/verify/{certificate.serial}/", REMOTE_ADDR="203.0.113.7")
    unknown = client.get(f"/verify/{new_serial()}/", REMOTE_ADDR="203.0.113.7")

    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


def test_the_json_shares_the_budget_and_answers_in_json(client, certificate):
    _use_up_lookups(client)

    response = client.get(f"/verify/{certificate.serial}.json", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    assert response.json() == {"error": "rate_limited"}


def test_another_ip_is_still_answered(client, certificate):
    _use_up_lookups(client)

    response = client.get(f"/verify/{certificate.serial}/", REMOTE_ADDR="198.51.100.20")

    assert response.status_code == 200
    assert certificate.holder_name_th in response.content.decode()


def test_uploads_have_their_own_smaller_budget(client, certificate):
    def upload():
        return client.post(
            f"/verify/{certificate.serial}/check/",
            {"file": SimpleUploadedFile("c.pdf", b"%PDF-1.7 x", content_type="application/pdf")},
            REMOTE_ADDR="203.0.113.9",
        )

    for _ in range(CHECKS):
        assert upload().status_code == 200

    response = upload()

    assert response.status_code == 429
    assert "NO MATCH" not in response.content.decode()
    # Looking the certificate up from that address still works: a separate budget.
    page = client.get(f"/verify/{certificate.serial}/", REMOTE_ADDR="203.0.113.9")
    assert page.status_code == 200


def test_the_serial_form_counts_towards_the_lookup_budget(client):
    _use_up_lookups(client)

    response = client.get("/verify/", {"serial": new_serial()}, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
