"""The batch progress page updates itself from a JSON status (no meta refresh) and still works
without JavaScript through its refresh link."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from certificates.models import CertificateBatch
from courses.models import Enrollment
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    cohort = make_cohort()
    make_enrollment(cohort=cohort)
    failed = make_enrollment(
        cohort=cohort,
        status=Enrollment.Status.ENROLLED,
        learner=make_learner(title_th="นาย", first_name_th="ล้มเหลว", last_name_th="ทดสอบ"),
    )
    return CertificateBatch.objects.create(
        cohort=cohort,
        total=3,
        done=1,
        failed=1,
        errors=[{"enrollment": failed.pk, "error": f"Enrolment {failed.pk} is not completed"}],
    )


def _status(client, batch):
    return client.get(f"/admin/certificates/batch/{batch.pk}/status.json")


def _page(client, batch):
    return client.get(f"/admin/certificates/batch/{batch.pk}/")


def test_anonymous_visitors_get_no_status(client, batch):
    response = _status(client, batch)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_learner_gets_no_status(client, batch):
    client.force_login(make_learner())

    response = _status(client, batch)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_trainer_of_another_cohort_gets_no_status(client, batch):
    client.force_login(make_trainer())

    response = _status(client, batch)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "application/json" not in response.get("Content-Type", "")


def test_the_cohort_trainer_gets_the_counts_and_each_failure_with_name_and_reason(client, batch):
    trainer = make_trainer()
    batch.cohort.trainers.add(trainer)
    client.force_login(trainer)

    response = _status(client, batch)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert (data["done"], data["failed"], data["total"], data["finished"]) == (1, 1, 3, False)
    assert data["failures"] == [
        {"name": "นายล้มเหลว ทดสอบ", "error": batch.errors[0]["error"]},
    ]
    with translation.override("th"):
        assert data["summary"] == gettext("Issued %(done)s of %(total)s; %(failed)s failed.") % {
            "done": 1,
            "total": 3,
            "failed": 1,
        }


def test_opdc_staff_see_a_finished_batch_as_done(client, batch):
    CertificateBatch.objects.filter(pk=batch.pk).update(done=2)
    client.force_login(make_opdc_staff())

    data = _status(client, batch).json()

    assert data["finished"] is True
    with translation.override("th"):
        assert data["state"] == gettext("Finished. Run it again to retry the failed certificates.")


def test_the_running_page_polls_by_script_and_offers_a_refresh_link_without_meta_refresh(
    client, batch
):
    client.force_login(make_opdc_staff())

    page = _page(client, batch).content.decode()

    assert 'http-equiv="refresh"' not in page.lower()
    assert f'data-status-url="/admin/certificates/batch/{batch.pk}/status.json"' in page
    assert "certificates/batch_progress.js" in page
    assert f'id="batch-refresh" href="/admin/certificates/batch/{batch.pk}/"' in page
    # Failures are named on the page itself, not only in the JSON.
    assert "นายล้มเหลว ทดสอบ" in page
    assert batch.errors[0]["error"] in page


def test_a_finished_page_has_no_refresh_link_and_does_not_poll(client, batch):
    CertificateBatch.objects.filter(pk=batch.pk).update(done=2)
    client.force_login(make_opdc_staff())

    page = _page(client, batch).content.decode()

    assert 'id="batch-refresh"' not in page
    assert "data-running" not in page
