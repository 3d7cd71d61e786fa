"""The outbox's personal data (PDPA; registry in privacy.registry): queued e-mails hold the
recipient's address and the body."""

from django.utils.translation import gettext_lazy as _

from outbox.models import OutboxMessage
from privacy.registry import delete, register, rows

register(
    "outbox.outboxmessage",
    # What was sent to them; never the body (it is in their mailbox) or another
    # recipient's message about them (it names that recipient).
    export=rows(
        lambda person: OutboxMessage.objects.to(person),
        ["subject", "status", "created_at", "delivered_at"],
        labels={"subject": _("subject"), "status": _("status")},
    ),
    # Deleting an unsent message also cancels it: the relay finds no row to publish, and a
    # worker already holding it finds no delivery to claim (outbox.messages.claim_delivery).
    erase=delete(lambda person: OutboxMessage.objects.naming(person)),
    title=_("E-mails to me"),
)
