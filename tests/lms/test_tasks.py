"""Beat tasks: the schedule names tasks a worker knows, and the names the tasks had before they
moved to outbox/ and privacy/ still run (messages a previous version's beat left queued)."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session as HttpSession
from django.utils import timezone

from lms.celery import app
from outbox import messages

pytestmark = pytest.mark.django_db


def _registered_by_a_worker() -> dict:
    """The tasks a worker knows: it imports every installed app's tasks module at start."""
    app.loader.import_default_modules()
    return app.tasks


def test_the_beat_schedule_names_tasks_a_worker_knows(settings):
    tasks = _registered_by_a_worker()

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in tasks, entry


def test_a_relay_queued_under_the_old_name_still_sends_what_is_waiting(mailoutbox):
    messages.enqueue_email("Reminder", "Dear Somsri", "somsri@dol.go.th")

    with time_machine.travel(timezone.now() + messages.RELAY_GRACE * 2, tick=False):
        assert _registered_by_a_worker()["lms.tasks.relay_outbox"].apply().get() == (1, 0)

    assert [m.to for m in mailoutbox] == [["somsri@dol.go.th"]]


def test_a_purge_queued_under_the_old_name_still_purges_the_outbox(settings, mailoutbox):
    message = messages.enqueue_email("Reminder", "Dear Somsri", "somsri@dol.go.th")
    messages.publish(message.pk)  # eager: delivered now
    later = timezone.now() + datetime.timedelta(days=settings.OUTBOX_RETENTION_DAYS + 1)

    with time_machine.travel(later, tick=False):
        assert _registered_by_a_worker()["lms.tasks.purge_outbox"].apply().get() == (1, 0)


def test_session_and_log_in_record_retention_under_the_old_names_still_run():
    store = SessionStore()
    store.create()
    HttpSession.objects.update(expire_date=timezone.now() - datetime.timedelta(days=1))
    tasks = _registered_by_a_worker()

    tasks["lms.tasks.clear_expired_sessions"].apply().get()

    assert not HttpSession.objects.exists()
    assert tasks["lms.tasks.purge_login_records"].apply().get() == 0
