import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from certificates import issuing
from certificates.models import Certificate, CertificateBatch
from courses.models import Session
from tests.certificates.factories import make_cohort, make_enrollment
from tests.courses.test_admin_dates import admin_in
from tests.factories import make_learner, make_opdc_staff, make_trainer
from thai.dates import format_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    cohort = make_cohort()
    make_enrollment(cohort=cohort)
    make_enrollment(cohort=cohort, learner=make_learner())
    return cohort


def _start(client, cohort):
    return client.post(f"/admin/certificates/cohort/{cohort.pk}/issue/")


def _nothing_started():
    return not CertificateBatch.objects.exists() and not Certificate.objects.exists()


def test_anonymous_visitors_cannot_start_a_batch(client, cohort):
    response = _start(client, cohort)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _nothing_started()


def test_a_learner_cannot_start_a_batch(client, cohort):
    client.force_login(make_learner())

    response = _start(client, cohort)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _nothing_started()


def test_a_trainer_of_another_cohort_cannot_start_a_batch(client, cohort):
    client.force_login(make_trainer())

    response = _start(client, cohort)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert _nothing_started()


def test_the_cohort_trainer_issues_the_cohort_and_sees_progress(
    client, cohort, django_capture_on_commit_callbacks
):
    trainer = make_trainer()
    cohort.trainers.add(trainer)
    client.force_login(trainer)

    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, cohort)

    batch = CertificateBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/certificates/batch/{batch.pk}/"
    assert Certificate.objects.valid().filter(enrollment__cohort=cohort).count() == 2
    progress = client.get(response["Location"])
    with translation.override("th"):  # the admin speaks Thai first, like the site
        expected = gettext("Issued %(done)s of %(total)s; %(failed)s failed.") % {
            "done": 2,
            "total": 2,
            "failed": 0,
        }
    assert expected in progress.content.decode()


def test_opdc_staff_see_the_confirmation_with_counts(client, cohort):
    issuing.issue_certificate(cohort.enrollments.first())
    client.force_login(make_opdc_staff())

    response = client.get(f"/admin/certificates/cohort/{cohort.pk}/issue/")

    assert response.status_code == 200
    with translation.override("th"):
        expected = gettext(
            "%(completed)s learners completed this cohort; %(already)s already have a valid certificate. "
            "Running this again never issues a duplicate."
        ) % {"completed": 2, "already": 1}
    assert expected.split(".")[0] in response.content.decode()


# Not before the cohort is over ------------------------------------------------------------


@pytest.fixture
def running_cohort():
    """Runs from yesterday until the day after tomorrow, its last session ending at 16:00."""
    today = timezone.localdate()
    cohort = make_cohort(
        start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=2)
    )
    ends = timezone.make_aware(datetime.datetime.combine(cohort.end_date, datetime.time(16)))
    Session.objects.create(
        cohort=cohort, title="วันสุดท้าย", starts_at=ends - datetime.timedelta(hours=3), ends_at=ends
    )
    make_enrollment(cohort=cohort)
    return cohort


def _trainer_of(client, cohort):
    trainer = make_trainer()
    cohort.trainers.add(trainer)
    client.force_login(trainer)
    return trainer


def test_the_issue_action_is_disabled_with_its_day_until_the_cohort_ends(client, running_cohort):
    _trainer_of(client, running_cohort)
    issue_url = reverse("certificates_issue_for_cohort", args=[running_cohort.pk])
    ends_on = format_date(running_cohort.end_date, language="th")

    for page in (
        reverse("courses_cohort:index"),
        reverse("courses_admin_roster", args=[running_cohort.code]),
        "/admin/",
    ):
        text = client.get(page).content.decode()
        assert f'href="{issue_url}"' not in text, page
        assert f"ออกได้เมื่อรุ่นสิ้นสุด {ends_on}" in text, page
    assert str(running_cohort.end_date.year + 543) in ends_on  # the Buddhist era


def test_the_english_admin_gives_the_day_in_the_common_era(client, running_cohort):
    trainer = make_trainer()
    running_cohort.trainers.add(trainer)
    admin_in(client, trainer, "en")

    page = client.get(reverse("courses_cohort:index")).content.decode()

    ends_on = format_date(running_cohort.end_date, language="en")
    assert f"Can be issued once the cohort ends on {ends_on}" in page
    assert str(running_cohort.end_date.year) in ends_on


def test_the_issue_page_reached_by_address_explains_and_offers_no_button(client, running_cohort):
    _trainer_of(client, running_cohort)

    response = client.get(reverse("certificates_issue_for_cohort", args=[running_cohort.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "ออกได้เมื่อรุ่นสิ้นสุด" in page
    assert '<button type="submit" class="button">' not in page


def test_starting_a_batch_before_the_cohort_ends_is_refused_with_a_message(client, running_cohort):
    _trainer_of(client, running_cohort)

    response = _start(client, running_cohort)

    assert response.status_code == 302
    assert _nothing_started()
    page = client.get(response["Location"]).content.decode()
    assert "ยังไม่ได้ออกเกียรติบัตร ออกได้เมื่อรุ่นสิ้นสุด" in page


def test_the_cohort_can_be_issued_once_its_last_session_is_over(
    client, running_cohort, django_capture_on_commit_callbacks
):
    _trainer_of(client, running_cohort)
    issue_url = reverse("certificates_issue_for_cohort", args=[running_cohort.pk])

    last = running_cohort.sessions.get().ends_at
    with time_machine.travel(last + datetime.timedelta(minutes=1)):
        assert f'href="{issue_url}"' in client.get(reverse("courses_cohort:index")).text
        with django_capture_on_commit_callbacks(execute=True):
            response = _start(client, running_cohort)

    assert response["Location"].startswith("/admin/certificates/batch/")
    assert Certificate.objects.valid().filter(enrollment__cohort=running_cohort).count() == 1


# Running it again -------------------------------------------------------------------------


def test_running_again_with_nothing_new_says_so_and_starts_no_batch(
    client, cohort, django_capture_on_commit_callbacks
):
    _trainer_of(client, cohort)
    with django_capture_on_commit_callbacks(execute=True):
        _start(client, cohort)

    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, cohort)

    assert response.status_code == 302
    assert response["Location"] == reverse("certificates_issue_for_cohort", args=[cohort.pk])
    assert CertificateBatch.objects.count() == 1
    assert Certificate.objects.filter(enrollment__cohort=cohort).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "ไม่มีเกียรติบัตรใหม่ให้ออก: ทั้ง 2 คนได้รับแล้ว" in page
    assert "ออกแล้ว 2 จาก 2" not in page


def test_a_rerun_counts_only_the_certificates_it_issues(
    client, cohort, django_capture_on_commit_callbacks
):
    issuing.issue_certificate(cohort.enrollments.first())
    _trainer_of(client, cohort)

    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, cohort)

    batch = CertificateBatch.objects.get()
    assert (batch.total, batch.done, batch.failed) == (1, 1, 0)
    progress = client.get(response["Location"]).content.decode()
    with translation.override("th"):
        issued = gettext("Issued %(done)s of %(total)s; %(failed)s failed.") % {
            "done": 1,
            "total": 1,
            "failed": 0,
        }
    assert issued in progress


def test_the_english_admin_heads_issue_and_batch_pages_with_the_english_cohort_name(client, cohort):
    cohort.title, cohort.title_en = "รุ่นที่ 7", "Cohort 7"
    cohort.save()
    admin_in(client, make_opdc_staff(), "en")

    issue_page = client.get(reverse("certificates_issue_for_cohort", args=[cohort.pk]))
    _start(client, cohort)
    batch = CertificateBatch.objects.get()
    batch_page = client.get(reverse("certificates_batch", args=[batch.pk]))

    for page in (issue_page.content.decode(), batch_page.content.decode()):
        assert "Cohort 7" in page
        assert "รุ่นที่ 7" not in page
