"""Retention of outbox rows: queued e-mails are deleted when their period ends, by an hourly
beat job that can run any number of times."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from outbox import messages
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def _run_beat(task_name: str):
    """Run the task the beat schedule names (its name is its import path), as a worker would."""
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == task_name]
    return import_string(entry["task"]).apply().get()


def _sent_email(to: str) -> OutboxMessage:
    message = messages.enqueue_email("Enrolment confirmed", "Dear Somsri", to)
    messages.publish(message.pk)  # eager: the worker sends it now
    message.refresh_from_db()
    assert message.delivered_at is not None
    return message


def _ids() -> set[int]:
    return set(OutboxMessage.objects.values_list("pk", flat=True))


def test_sent_e_mails_go_after_the_retention_period_and_recent_ones_stay(mailoutbox):
    with time_machine.travel(T0, tick=False):
        old = _sent_email("old@dol.go.th")
        # A job that does not track delivery is done once Celery has it.
        old_job = messages.enqueue("certificates.tasks.issue_certificate_task", 1)
        OutboxMessage.objects.filter(pk=old_job.pk).update(published_at=timezone.now())
    with time_machine.travel(T0 + 20 * DAY, tick=False):
        recent = _sent_email("recent@dol.go.th")

    with time_machine.travel(T0 + (settings.OUTBOX_RETENTION_DAYS + 1) * DAY, tick=False):
        assert _run_beat("outbox.tasks.purge_outbox") == (2, 0)
        assert _run_beat("outbox.tasks.purge_outbox") == (0, 0)

    assert _ids() == {recent.pk}
    assert not OutboxMessage.objects.filter(recipient="old@dol.go.th").exists()
    assert old.pk not in _ids() and old_job.pk not in _ids()


def test_messages_that_never_went_out_stay_for_the_longer_period_then_go(caplog):
    with time_machine.travel(T0, tick=False):
        # The broker never answered: never published.
        unpublished = messages.enqueue_email("Reminder", "Dear Somsri", "somsri@dol.go.th")
        # Published, but SMTP kept failing: never delivered.
        undelivered = messages.enqueue_email("Reminder", "Dear Malee", "malee@dol.go.th")
        OutboxMessage.objects.filter(pk=undelivered.pk).update(published_at=timezone.now())

    with time_machine.travel(T0 + (settings.OUTBOX_RETENTION_DAYS + 1) * DAY, tick=False):
        assert _run_beat("outbox.tasks.purge_outbox") == (0, 0)
    assert _ids() == {unpublished.pk, undelivered.pk}

    with time_machine.travel(T0 + (settings.OUTBOX_FAILED_RETENTION_DAYS + 1) * DAY, tick=False):
        assert _run_beat("outbox.tasks.purge_outbox") == (0, 2)
        assert _run_beat("outbox.tasks.purge_outbox") == (0, 0)
    assert _ids() == set()
    # The warning names the task, never an address.
    assert "accounts.tasks.send_email" in caplog.text
    assert "dol.go.th" not in caplog.text


def test_the_retention_periods_come_from_the_environment():
    assert settings.OUTBOX_RETENTION_DAYS == 30
    assert settings.OUTBOX_FAILED_RETENTION_DAYS > settings.OUTBOX_RETENTION_DAYS
