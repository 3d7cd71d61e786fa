"""Every tool of a cohort is one click from each of its admin pages and from its row in "my
cohorts": roster, sessions with each session's attendance sheet and QR screen, import,
exports, history, issuing certificates with the batches' progress, and the certificates' ZIP
(issue #14.7)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import issuing
from certificates.models import CertificateBatch
from courses.models import Enrollment
from tests.courses.helpers import make_cohort, make_session
from tests.factories import days_from_now, make_bilingual_course, make_learner, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return make_trainer()


def _over(**overrides):
    """A cohort that ended last fortnight: its certificates can be issued (before its end,
    "issue certificates" is a disabled button with the day it can: tests/certificates/
    test_batch_admin.py)."""
    return make_cohort(start_date=days_from_now(-16), end_date=days_from_now(-14), **overrides)


@pytest.fixture
def cohort(trainer):
    return _over(course=make_bilingual_course(), trainers=[trainer])


def _links(client, url) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', response.text)}


def _certify(cohort, count=2):
    for _ in range(count):
        enrollment = Enrollment.objects.create(
            learner=make_learner(), cohort=cohort, status=Enrollment.Status.COMPLETED
        )
        issuing.issue_certificate(enrollment)


def _tools(cohort) -> set[str]:
    return {
        reverse("courses_admin_roster", args=[cohort.code]),
        reverse("courses_admin_sessions", args=[cohort.code]),
        reverse("courses_admin_import", args=[cohort.code]),
        reverse("courses_admin_history", args=[cohort.code]),
        reverse("certificates_issue_for_cohort", args=[cohort.pk]),
    }


def test_every_cohort_page_has_a_tab_to_each_tool_certificates_included(client, trainer, cohort):
    session = make_session(cohort, starts_at=timezone.now() - datetime.timedelta(days=15))
    client.force_login(trainer)

    for url in (
        reverse("courses_admin_roster", args=[cohort.code]),
        reverse("courses_admin_sessions", args=[cohort.code]),
        reverse("courses_admin_attendance", args=[cohort.code, session.code]),
        reverse("courses_admin_history", args=[cohort.code]),
        reverse("courses_admin_import", args=[cohort.code]),
        reverse("certificates_issue_for_cohort", args=[cohort.pk]),
    ):
        assert _tools(cohort) <= _links(client, url), url


def test_the_zip_tab_appears_once_the_cohort_has_valid_certificates(client, trainer, cohort):
    client.force_login(trainer)
    roster = reverse("courses_admin_roster", args=[cohort.code])
    zip_url = reverse("certificates_cohort_zip", args=[cohort.pk])
    assert zip_url not in _links(client, roster)  # nothing to download yet

    _certify(cohort)

    assert zip_url in _links(client, roster)
    assert "ดาวน์โหลดเกียรติบัตร 2 ฉบับ (ZIP)" in client.get(roster).text


def test_each_session_links_its_qr_screen_and_attendance_sheet(client, trainer, cohort):
    first, second = make_session(cohort, title="วันที่ 1"), make_session(cohort, title="วันที่ 2")
    client.force_login(trainer)

    links = _links(client, reverse("courses_admin_sessions", args=[cohort.code]))

    for session in (first, second):
        assert reverse("checkin:screen", args=[session.code]) in links
        assert reverse("courses_admin_attendance", args=[cohort.code, session.code]) in links
    assert client.get(reverse("checkin:screen", args=[first.code])).status_code == 200


def test_the_batch_progress_page_leads_back_to_the_cohort(client, trainer, cohort):
    batch = CertificateBatch.objects.create(cohort=cohort, total=0)
    client.force_login(trainer)

    assert _tools(cohort) <= _links(client, reverse("certificates_batch", args=[batch.pk]))
    issue_page = reverse("certificates_issue_for_cohort", args=[cohort.pk])
    assert reverse("certificates_batch", args=[batch.pk]) in _links(client, issue_page)


def test_each_row_of_my_cohorts_links_every_tool(client, trainer, cohort):
    other = _over(course=cohort.course, title="รุ่นที่ 2", trainers=[trainer])
    _certify(other, count=1)
    client.force_login(trainer)

    links = _links(client, reverse("courses_cohort:index"))

    assert _tools(cohort) | _tools(other) <= links
    assert reverse("certificates_cohort_zip", args=[other.pk]) in links
    assert reverse("certificates_cohort_zip", args=[cohort.pk]) not in links


def test_my_cohorts_costs_the_same_queries_for_two_cohorts_or_twelve(
    client, trainer, cohort, django_assert_max_num_queries
):
    index = reverse("courses_cohort:index")
    _certify(cohort, count=1)
    make_cohort(course=cohort.course, trainers=[trainer])
    client.force_login(trainer)
    client.get(index)
    with django_assert_max_num_queries(1000) as few:
        client.get(index)
    budget = len(few.captured_queries)
    for number in range(10):
        _certify(make_cohort(course=cohort.course, title=f"รุ่น {number}", trainers=[trainer]), 1)

    with django_assert_max_num_queries(budget):
        page = client.get(index).text
    assert page.count("/certificates.zip") == 11
