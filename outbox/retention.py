"""How long outbox rows are kept: they hold e-mail addresses and bodies (docs/security.md,
"Personal data we keep, and for how long").

``purge_outbox`` deletes what is past its period as of ``now`` and nothing else, so it can run
any number of times, in parallel, or be interrupted (the hourly beat task in outbox/tasks.py;
a missed run is caught up by the next).
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)


def purge_outbox(now=None) -> tuple[int, int]:
    """Delete outbox rows whose work was done ``OUTBOX_RETENTION_DAYS`` ago, and rows that
    never finished (never published, or an e-mail never delivered) after the longer
    ``OUTBOX_FAILED_RETENTION_DAYS``. Returns (finished, abandoned) counts."""
    now = now or timezone.now()
    finished_before = now - datetime.timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    finished = OutboxMessage.objects.finished_before(finished_before).delete()[0]

    abandoned_before = now - datetime.timedelta(days=settings.OUTBOX_FAILED_RETENTION_DAYS)
    abandoned_rows = OutboxMessage.objects.unfinished().filter(created_at__lt=abandoned_before)
    tasks = sorted(set(abandoned_rows.values_list("task", flat=True)))
    abandoned = abandoned_rows.delete()[0]
    if abandoned:
        # The task names only: the rows' arguments may hold addresses and message bodies.
        logger.warning(
            "Outbox: deleted %d messages never sent within %d days (%s)",
            abandoned,
            settings.OUTBOX_FAILED_RETENTION_DAYS,
            ", ".join(tasks),
        )
    return finished, abandoned
