"""Viewing or exporting a roster is logged, to the log stream and to Wagtail's audit log (where
OPDC staff read it): who, when, which cohort; never the learners' data."""

import logging

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from courses.models import Enrollment
from tests.courses.helpers import make_cohort
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(client):
    trainer = make_trainer()
    cohort = make_cohort(trainers=[trainer])
    learner = make_learner(email="somsri.audit@agency.go.th", first_name_th="สมศรีตรวจสอบ")
    Enrollment.objects.create(learner=learner, cohort=cohort, status=Enrollment.Status.ENROLLED)
    client.force_login(trainer)
    return trainer, cohort, learner


def _audit_lines(caplog):
    return [r for r in caplog.records if r.name == "courses.audit"]


def test_viewing_a_roster_logs_who_and_which_cohort_but_no_personal_data(client, roster, caplog):
    trainer, cohort, learner = roster
    caplog.set_level(logging.INFO, logger="courses.audit")

    response = client.get(reverse("courses_admin_roster", args=[cohort.code]), {"q": "สมศรีตรวจสอบ"})

    assert response.status_code == 200
    [record] = _audit_lines(caplog)
    line = record.getMessage()
    assert f"user={trainer.pk}" in line and f"cohort={cohort.code}" in line
    assert "searched=True" in line
    for personal in (learner.email, "สมศรีตรวจสอบ", trainer.email):
        assert personal not in line
    assert record.created  # the time comes with every log record


def test_exporting_a_roster_logs_the_kind_and_format(client, roster, caplog):
    trainer, cohort, learner = roster
    caplog.set_level(logging.INFO, logger="courses.audit")

    response = client.get(reverse("courses_admin_export", args=[cohort.code, "roster", "csv"]))

    assert response.status_code == 200
    [record] = _audit_lines(caplog)
    assert record.getMessage() == (
        f"roster exported: user={trainer.pk} cohort={cohort.code} kind=roster format=csv"
    )
    assert learner.email not in record.getMessage()


def test_a_refused_trainer_leaves_no_roster_log_line(client, roster, caplog):
    _trainer, cohort, _learner = roster
    client.force_login(make_trainer())
    caplog.set_level(logging.INFO, logger="courses.audit")

    client.get(reverse("courses_admin_roster", args=[cohort.code]))

    assert _audit_lines(caplog) == []


def test_a_roster_view_is_in_wagtails_audit_log_where_opdc_staff_read_it(client, roster):
    trainer, cohort, learner = roster

    client.get(reverse("courses_admin_roster", args=[cohort.code]), {"q": "สมศรีตรวจสอบ"})
    client.get(reverse("courses_admin_export", args=[cohort.code, "roster", "xlsx"]))

    viewed = ModelLogEntry.objects.get(action="courses.roster_viewed")
    assert (viewed.user, viewed.object_id) == (trainer, str(cohort.pk))
    assert viewed.data == {"status_filter": "all", "searched": True}
    exported = ModelLogEntry.objects.get(action="courses.roster_exported")
    assert exported.data == {"kind": "roster", "format": "xlsx"}
    client.force_login(make_opdc_staff())
    with translation.override("th"):
        label = gettext("Roster viewed")
    site_history = client.get("/admin/reports/site-history/").content.decode()
    assert label in site_history and trainer.display_name in site_history
    cohort_history = client.get(reverse("courses_cohort:history", args=[cohort.pk]))
    assert label in cohort_history.content.decode()
    for personal in (learner.email, "สมศรีตรวจสอบ"):
        assert personal not in site_history


def test_a_refused_trainer_leaves_no_audit_log_entry(client, roster):
    _trainer, cohort, _learner = roster
    client.force_login(make_trainer())

    client.get(reverse("courses_admin_roster", args=[cohort.code]))

    assert not ModelLogEntry.objects.filter(action="courses.roster_viewed").exists()
