"""A transactional outbox for Celery tasks: work is queued durably even when the broker is down.

`enqueue()` writes an `OutboxMessage` in the caller's transaction, so the job exists exactly
when the business change does. After the commit, the row is published to Celery; a broker error
is logged and never reaches the learner's request: the row stays unpublished and the
`relay_outbox` beat task (outbox/tasks.py) publishes it later.

Publishing claims the row with a conditional UPDATE, so the on-commit publisher and any number
of relays never publish the same row at the same time. Delivery is at-least-once (a process can
die between publishing and recording it); tasks that must not repeat, like
`accounts.tasks.send_email`, take `outbox_id` and call `claim_delivery()` first.

Published is not done: a broker that loses its data (Redis restarted empty) loses what it held.
A row whose task records when it is done (`outbox_id`) and that is still not done
`OUTBOX_REDELIVER_AFTER` after it was published is published again by the `redeliver_outbox`
beat task (`redeliver()`), so it is delivered at least once until its task records it done.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from outbox.models import SEND_EMAIL_TASK, OutboxMessage

logger = logging.getLogger(__name__)

# A claim older than this belongs to a publisher that died; the relay may take the row over.
CLAIM_TIMEOUT = datetime.timedelta(minutes=5)
# The relay leaves fresh rows to their own on-commit publisher.
RELAY_GRACE = datetime.timedelta(seconds=30)


def enqueue(task: str, *args, **kwargs) -> OutboxMessage:
    """Record `task(*args, **kwargs)` (a dotted path) now; publish it after the commit."""
    message = OutboxMessage.objects.create(task=task, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: publish(message.pk), robust=True)
    return message


def enqueue_deduplicated(task: str, *args, **kwargs) -> OutboxMessage:
    """Like `enqueue`, and the task receives `outbox_id` to deliver at most once."""
    return _enqueue_deduplicated(task, list(args), kwargs)


def enqueue_email(
    subject: str, body: str, to: str, *, person=None, about=None, forget_after_sending=False
) -> OutboxMessage:
    """Queue one e-mail to the address ``to`` (the account ``person``'s, if it has one),
    delivered at most once. ``about`` is the learner an e-mail to someone else names. The
    row records them, so the person's data export and erasure find it (outbox/privacy.py).

    ``forget_after_sending``: for an address we must not keep (the result of an erasure), the
    row drops the address and the body once the e-mail is delivered (`forget_delivered`)."""
    return _enqueue_deduplicated(
        SEND_EMAIL_TASK,
        [subject, body, [to]],
        {"forget_after_sending": True} if forget_after_sending else {},
        recipient=to,
        recipient_user=person,
        about_user=about,
    )


def _enqueue_deduplicated(task: str, args: list, kwargs: dict, **fields) -> OutboxMessage:
    message = OutboxMessage.objects.create(task=task, args=args, kwargs=kwargs, **fields)
    message.kwargs = {**kwargs, "outbox_id": message.pk}
    message.save(update_fields=["kwargs"])
    transaction.on_commit(lambda: publish(message.pk), robust=True)
    return message


def _claim(message_id: int, now) -> bool:
    return bool(
        OutboxMessage.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
            pk=message_id,
            published_at__isnull=True,
        ).update(claimed_at=now)
    )


def publish(message_id: int) -> bool:
    """Send one row to Celery if nobody else is; True when this call published it."""
    now = timezone.now()
    if not _claim(message_id, now):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        result = import_string(message.task).apply_async(args=message.args, kwargs=message.kwargs)
    except Exception as error:  # noqa: BLE001 - a broker outage must never fail the caller
        logger.warning("Outbox %s: could not publish %s: %s", message.pk, message.task, error)
        OutboxMessage.objects.filter(pk=message.pk, claimed_at=now).update(
            claimed_at=None, attempts=message.attempts + 1, last_error=str(error)[:2000]
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        published_at=timezone.now(), attempts=message.attempts + 1, last_error=""
    )
    # The line that ties the request (its id on this line) to the row and the task's id.
    logger.info("Outbox %s: published %s as task %s", message.pk, message.task, result.id)
    return True


def relay(limit: int = 500, now=None) -> tuple[int, int]:
    """Publish rows left unpublished (broker down at commit time, or a crashed process).
    Returns (published, still waiting). Safe to run in parallel and to interrupt."""
    now = now or timezone.now()
    waiting = list(
        OutboxMessage.objects.filter(published_at__isnull=True, created_at__lte=now - RELAY_GRACE)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    published = sum(publish(pk) for pk in waiting)
    return published, len(waiting) - published


def redeliver(limit: int = 500, now=None) -> tuple[int, int]:
    """Publish again the tracked rows published `OUTBOX_REDELIVER_AFTER` ago and still not done
    (the broker lost them, or their task kept failing), each at most `OUTBOX_MAX_REDELIVERIES`
    times. Returns (published again, left for the relay: the broker refused them). Safe to run
    in parallel with itself and the relay: each row is taken back with a conditional UPDATE."""
    now = now or timezone.now()
    cutoff = now - settings.OUTBOX_REDELIVER_AFTER
    stale = list(
        OutboxMessage.objects.undelivered_since(cutoff)
        .filter(redeliveries__lt=settings.OUTBOX_MAX_REDELIVERIES)
        .order_by("published_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    published = 0
    taken = 0
    for pk in stale:
        # Back to unpublished, so `publish` claims it as usual; if the broker refuses it now,
        # the row stays unpublished and the relay keeps trying.
        if (
            OutboxMessage.objects.undelivered_since(cutoff)
            .filter(pk=pk)
            .update(published_at=None, claimed_at=None, redeliveries=F("redeliveries") + 1)
        ):
            taken += 1
            published += publish(pk)
    if taken:
        logger.warning("Outbox: published %s of %s undelivered messages again", published, taken)
    return published, taken - published


def retry(message_ids) -> list[int]:
    """Publish again, now, the unfinished rows among ``message_ids`` (a person's retry in the
    admin): each is taken back to unpublished with a conditional UPDATE, with a fresh budget of
    redeliveries, and published as usual. A row that was finished meanwhile is left alone, and
    an e-mail published twice is still delivered once (`claim_delivery`). Returns the ids taken
    back; those the broker refused stay unpublished for the relay."""
    taken = []
    for pk in message_ids:
        if (
            OutboxMessage.objects.unfinished()
            .filter(pk=pk)
            .update(published_at=None, claimed_at=None, redeliveries=0)
        ):
            taken.append(pk)
            publish(pk)
    return taken


def claim_delivery(message_id: int) -> bool:
    """Called by a task before its side effect: False if this message was delivered already."""
    return bool(
        OutboxMessage.objects.filter(pk=message_id, delivered_at__isnull=True).update(
            delivered_at=timezone.now()
        )
    )


def is_done(message_id: int) -> bool:
    """For an idempotent task that records its work after doing it (`claim_delivery` once
    done): True when a copy of this message already did it."""
    return OutboxMessage.objects.filter(pk=message_id, delivered_at__isnull=False).exists()


def forget_delivered(message_id: int) -> None:
    """A delivered e-mail's row keeps its subject and times, not its address or body."""
    message = OutboxMessage.objects.filter(pk=message_id, delivered_at__isnull=False).first()
    if message is None:
        return
    subject = message.args[0] if message.args else ""
    OutboxMessage.objects.filter(pk=message_id).update(args=[subject, "", []], recipient="")


def release_delivery(message_id: int) -> None:
    """The side effect failed after `claim_delivery`: let a retry deliver it."""
    OutboxMessage.objects.filter(pk=message_id).update(delivered_at=None)
