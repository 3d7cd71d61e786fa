"""Models of the project layer: the transactional outbox of background jobs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A Celery task written in the same transaction as the business change that causes it.

    If the broker is down when the transaction commits, the row stays unpublished and the
    `relay_outbox` beat task publishes it later (see `lms.outbox`).
    """

    task = models.CharField(_("task"), max_length=255, help_text=_("Dotted path of the task."))
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A publisher claims the row with a conditional UPDATE of `claimed_at`; a claim older
    # than `lms.outbox.CLAIM_TIMEOUT` is abandoned (the process died) and may be taken again.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set by a task that deduplicates (accounts.tasks.send_email): a message published
    # twice is still delivered once.
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("publish attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            # The relay selects the oldest unpublished rows: a small partial index.
            models.Index(
                fields=["created_at"],
                name="outbox_unpublished_idx",
                condition=Q(published_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"
