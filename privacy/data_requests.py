"""OPDC staff carry out personal data requests: erase, keep and restrict, or refuse.

One function for the admin view, a management command or a test alike. Erasure runs every
handler registered in :mod:`privacy.registry`; if a handler had to keep identifiable data, or
staff decide the records must be kept, the request is recorded as restricted with the reason.
Either way the person is told the outcome by e-mail (privacy/notifications.py), at the address
they had before the erasure.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from privacy import notifications, registry
from privacy.models import DataRequest


class Decision:
    ERASE = "erase"
    RESTRICT = "restrict"
    REFUSE = "refuse"


def handle(data_request: DataRequest, decision: str, *, by, reason: str = "") -> DataRequest:
    """Carry out ``decision`` on a pending request. Restrict and refuse need a reason."""
    if decision in (Decision.RESTRICT, Decision.REFUSE) and not reason.strip():
        raise ValueError(gettext("A reason is required to keep records or refuse a request."))
    with transaction.atomic():
        locked = DataRequest.objects.select_for_update().get(pk=data_request.pk)
        if locked.status != DataRequest.Status.PENDING:
            raise ValueError(gettext("This request has already been handled."))
        # Erasure removes the address: capture where to send the outcome first.
        recipient = notifications.Recipient.of(locked.person)
        if decision == Decision.ERASE:
            outcomes = registry.erase_person(locked.person)
            kept = [outcome.kept_reason for _, outcome in outcomes if outcome.kept_reason]
            locked.outcome = registry.describe(outcomes)
            reasons = [reason.strip()] if reason.strip() else []
            if kept:
                locked.status = DataRequest.Status.RESTRICTED
                locked.reason = "; ".join(reasons + kept)
            else:
                locked.status = DataRequest.Status.DONE
                locked.reason = "; ".join(reasons)
        elif decision == Decision.RESTRICT:
            locked.status = DataRequest.Status.RESTRICTED
            locked.reason = reason.strip()
            locked.outcome = "records kept; the account is deactivated"
            person = locked.person
            person.is_active = False
            person.save(update_fields=["is_active"])
        elif decision == Decision.REFUSE:
            locked.status = DataRequest.Status.REFUSED
            locked.reason = reason.strip()
        else:
            raise ValueError(f"Unknown decision {decision!r}")
        locked.handled_by = by
        locked.handled_at = timezone.now()
        locked.save()
        notifications.request_handled(locked, recipient, erased=decision == Decision.ERASE)
    data_request.refresh_from_db()
    return data_request
