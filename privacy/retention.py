"""How long we keep records that exist only to run the service, and the jobs that end them:
sessions and django-axes log-in records (the outbox's own rows: outbox/retention.py).

Each function deletes what is past its period as of ``now`` and nothing else, so it can run
any number of times, in parallel, or be interrupted (a beat task in privacy/tasks.py runs each
one hourly; a missed run is caught up by the next). The periods are settings, listed with the
rest of the data we keep in docs/security.md ("Personal data we keep, and for how long").
"""

import datetime
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone


def clear_expired_sessions() -> None:
    """What ``manage.py clearsessions`` does: expired sessions still hold a user id."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def purge_login_records(now=None) -> int:
    """Delete django-axes log-in records older than ``LOGIN_RECORD_RETENTION_DAYS``, and
    failure counters whose cool-off has ended (they no longer lock anyone out; axes itself
    removes them only when somebody logs in)."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.LOGIN_RECORD_RETENTION_DAYS)
    count = AccessLog.objects.filter(attempt_time__lt=before).delete()[0]
    count += AccessFailureLog.objects.filter(attempt_time__lt=before).delete()[0]
    cooloff = settings.AXES_COOLOFF_TIME
    if isinstance(cooloff, datetime.timedelta) and cooloff > datetime.timedelta(0):
        attempts_before = now - cooloff
    else:
        # No cool-off: a lock-out lasts until staff reset it, so only old counters go.
        attempts_before = before
    count += AccessAttempt.objects.filter(attempt_time__lt=attempts_before).delete()[0]
    return count
