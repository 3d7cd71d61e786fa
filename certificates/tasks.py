"""Thin Celery tasks: ids in, load, call :mod:`certificates.issuing`."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from certificates import issuing
from courses.models import Enrollment
from outbox.messages import claim_delivery, is_done

logger = logging.getLogger(__name__)


@shared_task
def issue_certificate_task(
    enrollment_id: int, by_id: int | None = None, outbox_id: int | None = None
) -> None:
    """With `outbox_id`: recorded done after issuing (issuing twice gives one certificate, so
    a crash in between only repeats harmless work), and a copy arriving later does nothing."""
    if outbox_id is not None and is_done(outbox_id):
        return
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    try:
        issuing.issue_certificate(Enrollment.objects.get(pk=enrollment_id), by=by)
    except issuing.CertificateRevoked:
        logger.info("Enrolment %s: certificate revoked, not issued again", enrollment_id)
    if outbox_id is not None:
        claim_delivery(outbox_id)


@shared_task
# Kept for messages queued before batches were chunked.
def issue_batch_item_task(batch_id: int, enrollment_id: int, by_id: int | None = None) -> None:
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    issuing.issue_batch_item(batch_id, enrollment_id, by=by)


@shared_task
def issue_batch_items_task(
    batch_id: int, enrollment_ids: list[int], by_id: int | None = None
) -> None:
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    issuing.issue_batch_items(batch_id, enrollment_ids, by=by)


@shared_task
def resume_stalled_batches() -> int:
    return issuing.resume_stalled_batches()
