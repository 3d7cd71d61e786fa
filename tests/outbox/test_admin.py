"""The outbox screen of the admin: OPDC staff see what is stuck or failed (the recipient by
name or masked, the subject, never the body) and retry it; the retry really sends, once, and is
in Wagtail's audit log. Trainers are refused and nothing is sent."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from accounts.models import Role
from lms.celery import app
from outbox.messages import enqueue_email
from outbox.models import OutboxMessage
from tests.factories import make_learner, make_opdc_staff, make_trainer
from tests.outbox.test_outbox import broker_down  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

BODY = "Your enrolment code is 8842, keep it private"


def _queued_while_broker_down(django_capture_on_commit_callbacks, *, to, person=None):
    """An e-mail whose publishing failed for real (the broker refused it)."""
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue_email("ยืนยันการลงทะเบียน", BODY, to, person=person)
    message.refresh_from_db()
    assert message.published_at is None and message.last_error
    return message


def _worker_runs():
    app.conf.task_always_eager = True


def _hours_later(hours=1):
    return time_machine.travel(timezone.now() + datetime.timedelta(hours=hours), tick=False)


@pytest.mark.usefixtures("broker_down")
def test_staff_see_a_failed_email_by_name_and_subject_never_its_body(
    client, django_capture_on_commit_callbacks
):
    learner = make_learner(first_name_th="ประภา", last_name_th="ส่งไม่ถึง")
    _queued_while_broker_down(django_capture_on_commit_callbacks, to=learner.email, person=learner)
    _queued_while_broker_down(django_capture_on_commit_callbacks, to="somchai@dol.go.th")
    client.force_login(make_opdc_staff())

    response = client.get("/admin/outbox/?state=failed")

    assert response.status_code == 200
    page = response.content.decode()
    assert "ประภา ส่งไม่ถึง" in page
    assert "so•••••@dol.go.th" in page
    assert "somchai@dol.go.th" not in page
    assert "ยืนยันการลงทะเบียน" in page
    assert BODY not in page


@pytest.mark.usefixtures("broker_down")
def test_the_stuck_tab_lists_what_waited_longer_than_the_redelivery_delay(
    client, django_capture_on_commit_callbacks, settings
):
    settings.OUTBOX_REDELIVER_AFTER = datetime.timedelta(minutes=15)
    with time_machine.travel(timezone.now() - datetime.timedelta(minutes=20), tick=False):
        _queued_while_broker_down(django_capture_on_commit_callbacks, to="old@dol.go.th")
    _queued_while_broker_down(django_capture_on_commit_callbacks, to="new@dol.go.th")
    client.force_login(make_opdc_staff())

    page = client.get("/admin/outbox/?state=stuck").content.decode()

    assert "ol•@dol.go.th" in page
    assert "ne•@dol.go.th" not in page


@pytest.mark.usefixtures("broker_down")
def test_the_thai_admin_shows_buddhist_era_dates(client, django_capture_on_commit_callbacks):
    _queued_while_broker_down(django_capture_on_commit_callbacks, to="a@dol.go.th")
    staff = make_opdc_staff()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "th"
    profile.save()
    client.force_login(staff)

    page = client.get("/admin/outbox/?state=all").content.decode()

    assert str(timezone.localdate().year + 543) in page


@pytest.mark.usefixtures("broker_down")
def test_a_retry_sends_the_failed_email_once_and_is_in_the_audit_log(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    learner = make_learner()
    message = _queued_while_broker_down(
        django_capture_on_commit_callbacks, to=learner.email, person=learner
    )
    staff = make_opdc_staff()
    client.force_login(staff)
    _worker_runs()  # the broker is back and a worker takes the message

    response = client.post(reverse("outbox_admin_retry"), {"one": message.pk})

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[learner.email]]
    assert mailoutbox[0].body == BODY
    message.refresh_from_db()
    assert message.delivered_at is not None
    entry = ModelLogEntry.objects.get(action="outbox.retry")
    assert (entry.user, entry.object_id) == (staff, str(message.pk))
    # Retrying what was sent sends nothing again.
    client.post(reverse("outbox_admin_retry"), {"one": message.pk})
    assert len(mailoutbox) == 1
    assert ModelLogEntry.objects.filter(action="outbox.retry").count() == 1


@pytest.mark.usefixtures("broker_down")
def test_a_selection_retries_each_message_ticked_and_only_those(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    first, second, third = (
        _queued_while_broker_down(django_capture_on_commit_callbacks, to=f"{n}@dol.go.th")
        for n in ("one", "two", "three")
    )
    client.force_login(make_opdc_staff())
    _worker_runs()

    client.post(reverse("outbox_admin_retry"), {"message": [first.pk, third.pk]})

    assert sorted(m.to[0] for m in mailoutbox) == ["one@dol.go.th", "three@dol.go.th"]
    second.refresh_from_db()
    assert second.delivered_at is None


def test_a_message_the_sweep_gave_up_on_gets_a_fresh_budget(
    client, django_capture_on_commit_callbacks, mailoutbox, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        message = enqueue_email("Subject", BODY, "late@dol.go.th")
    OutboxMessage.objects.filter(pk=message.pk).update(
        published_at=timezone.now() - datetime.timedelta(hours=7),
        redeliveries=settings.OUTBOX_MAX_REDELIVERIES,
    )
    client.force_login(make_opdc_staff())
    assert "la••@dol.go.th" in client.get("/admin/outbox/?state=failed").content.decode()

    client.post(reverse("outbox_admin_retry"), {"one": message.pk})

    message.refresh_from_db()
    assert (message.redeliveries, len(mailoutbox)) == (0, 1)
    assert message.delivered_at is not None


def test_nothing_chosen_is_a_clear_message_and_nothing_changes(client):
    client.force_login(make_opdc_staff())

    response = client.post(reverse("outbox_admin_retry"), {"message": ["x"]}, follow=True)

    with translation.override("th"):
        message = gettext("Nothing changed: choose at least one message to retry.")
    assert message in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="outbox.retry").exists()


@pytest.mark.usefixtures("broker_down")
@pytest.mark.parametrize("who", ["anonymous", "learner", "trainer"])
def test_people_who_do_not_operate_the_outbox_are_refused_and_nothing_is_sent(
    client, who, django_capture_on_commit_callbacks, mailoutbox
):
    message = _queued_while_broker_down(django_capture_on_commit_callbacks, to="a@dol.go.th")
    if who == "learner":
        client.force_login(make_learner())
    elif who == "trainer":
        client.force_login(make_trainer())
    _worker_runs()

    listing = client.get("/admin/outbox/")
    retry = client.post(reverse("outbox_admin_retry"), {"one": message.pk})

    expected = "/admin/" if who == "trainer" else "/admin/login/"
    assert listing.status_code == retry.status_code == 302
    assert listing["Location"].startswith(expected) and retry["Location"].startswith(expected)
    message.refresh_from_db()
    assert message.published_at is None and not mailoutbox


def test_only_opdc_staff_and_superusers_see_the_menu_item(client):
    trainer = make_trainer()
    client.force_login(trainer)
    assert "/admin/outbox/" not in client.get("/admin/").content.decode()
    client.force_login(make_opdc_staff())
    assert "/admin/outbox/" in client.get("/admin/").content.decode()
    assert (
        Group.objects.get(name=Role.OPDC_STAFF)
        .permissions.filter(codename="change_outboxmessage")
        .exists()
    )
