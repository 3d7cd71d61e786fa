"""Retention: expired sessions and log-in records are deleted when their period ends, by
hourly beat jobs that can run any number of times."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session as HttpSession
from django.utils.module_loading import import_string

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def _run_beat(task_name: str):
    """Run the task the beat schedule names (its name is its import path), as a worker would."""
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == task_name]
    return import_string(entry["task"]).apply().get()


def test_the_retention_period_of_log_in_records_comes_from_the_environment():
    assert settings.LOGIN_RECORD_RETENTION_DAYS == 90


def _session(expire_date) -> str:
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.create()
    HttpSession.objects.filter(session_key=store.session_key).update(expire_date=expire_date)
    return store.session_key


def test_expired_sessions_are_cleared_and_live_ones_stay():
    expired = _session(T0 - DAY)
    live = _session(T0 + DAY)

    with time_machine.travel(T0, tick=False):
        _run_beat("privacy.tasks.clear_expired_sessions")
        _run_beat("privacy.tasks.clear_expired_sessions")

    keys = set(HttpSession.objects.values_list("session_key", flat=True))
    assert keys == {live}
    assert expired not in keys


def _login_record(model, username: str, **fields):
    return model.objects.create(
        username=username,
        ip_address="203.0.113.7",
        user_agent="Firefox",
        http_accept="text/html",
        path_info="/th/accounts/login/",
        **fields,
    )


def test_log_in_records_older_than_the_retention_period_go():
    with time_machine.travel(T0, tick=False):
        old_log = _login_record(AccessLog, "old@dol.go.th")
    with time_machine.travel(T0 + 60 * DAY, tick=False):
        recent_log = _login_record(AccessLog, "recent@dol.go.th")

    with time_machine.travel(T0 + (settings.LOGIN_RECORD_RETENTION_DAYS + 1) * DAY, tick=False):
        assert _run_beat("privacy.tasks.purge_login_records") == 1
        assert _run_beat("privacy.tasks.purge_login_records") == 0

    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent_log.pk]
    assert old_log.username != recent_log.username


def test_failure_counters_go_once_their_cool_off_has_ended_and_active_ones_stay():
    attempt = {"get_data": "", "post_data": "", "failures_since_start": 3}
    with time_machine.travel(T0, tick=False):
        ended = _login_record(AccessAttempt, "ended@dol.go.th", **attempt)
    with time_machine.travel(T0 + DAY, tick=False):
        active = _login_record(AccessAttempt, "active@dol.go.th", **attempt)

    with time_machine.travel(T0 + DAY + settings.AXES_COOLOFF_TIME / 2, tick=False):
        assert _run_beat("privacy.tasks.purge_login_records") == 1

    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [active.pk]
    assert ended.pk != active.pk
