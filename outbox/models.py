"""The transactional outbox's one model: a Celery task recorded with the business change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# A task path, not an import: the outbox sits below the apps whose tasks it carries.
SEND_EMAIL_TASK = "accounts.tasks.send_email"


# A task that does not track its delivery (no `outbox_id`) is done once handed to Celery.
_UNTRACKED = ~Q(kwargs__has_key="outbox_id")


class OutboxMessageQuerySet(models.QuerySet):
    def finished_before(self, moment):
        """Rows whose work was done before ``moment``: an e-mail delivered, or a task that
        does not track delivery handed to Celery."""
        return self.filter(
            Q(delivered_at__lt=moment)
            | (_UNTRACKED & Q(delivered_at__isnull=True, published_at__lt=moment))
        )

    def unfinished(self):
        """Never published, or an e-mail published but never delivered (SMTP kept failing)."""
        return self.filter(delivered_at__isnull=True).exclude(
            _UNTRACKED & Q(published_at__isnull=False)
        )

    def unsent(self):
        """Unfinished rows the outbox still tries to send: not yet redelivered
        `OUTBOX_MAX_REDELIVERIES` times (those it gave up on wait for retention)."""
        return self.unfinished().filter(redeliveries__lt=settings.OUTBOX_MAX_REDELIVERIES)

    def undelivered_since(self, moment):
        """Tracked rows (the task records when it is done) published before ``moment`` and
        still not done: the broker may have lost them."""
        return self.filter(
            kwargs__has_key="outbox_id", delivered_at__isnull=True, published_at__lt=moment
        )

    def stuck(self, now):
        """Unfinished rows queued more than `OUTBOX_REDELIVER_AFTER` before ``now``: the relay
        and the redelivery sweep should have finished them by then."""
        return self.unfinished().filter(created_at__lt=now - settings.OUTBOX_REDELIVER_AFTER)

    def failed(self):
        """Unfinished rows that met an error (the broker refused them) or that the redelivery
        sweep gave up on (`OUTBOX_MAX_REDELIVERIES`): only a person's retry sends them now."""
        return self.unfinished().filter(
            ~Q(last_error="") | Q(redeliveries__gte=settings.OUTBOX_MAX_REDELIVERIES)
        )

    def to(self, person):
        """E-mails sent, or waiting to be sent, to ``person``."""
        return self.filter(_to(person))

    def naming(self, person):
        """E-mails to ``person`` (by account or by their current address) or about them."""
        return self.filter(_to(person) | Q(about_user=person))


def _to(person) -> Q:
    to = Q(recipient_user=person)
    if person.email:
        to |= Q(recipient__iexact=person.email)
    return to


class OutboxMessage(models.Model):
    """A Celery task written in the same transaction as the business change that causes it.

    If the broker is down when the transaction commits, the row stays unpublished and the
    `relay_outbox` beat task publishes it later (see `outbox.messages`).
    """

    task = models.CharField(_("task"), max_length=255, help_text=_("Dotted path of the task."))
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A publisher claims the row with a conditional UPDATE of `claimed_at`; a claim older
    # than `outbox.messages.CLAIM_TIMEOUT` is abandoned (the process died) and may be taken again.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set by a task that deduplicates (accounts.tasks.send_email): a message published
    # twice is still delivered once.
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("publish attempts"), default=0)
    # Times the redelivery sweep published the row again because it was published but never
    # done (the broker lost it); bounded by OUTBOX_MAX_REDELIVERIES.
    redeliveries = models.PositiveIntegerField(_("redeliveries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # An e-mail's arguments hold its address and body, so a person's export and erasure (PDPA,
    # outbox/privacy.py) find their messages by these columns, never by reading JSON.
    recipient = models.EmailField(
        _("recipient"), blank=True, help_text=_("The address an e-mail goes to.")
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    about_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("about"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The learner an e-mail to someone else names (an at-risk alert to a trainer)."),
    )

    objects = OutboxMessageQuerySet.as_manager()

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
            # The redelivery sweep selects rows published long ago and not yet done.
            models.Index(
                fields=["published_at"],
                name="outbox_undelivered_idx",
                condition=Q(published_at__isnull=False, delivered_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"

    @property
    def subject(self) -> str:
        """An e-mail's subject line (the first argument of `accounts.tasks.send_email`)."""
        return str(self.args[0]) if self.task == SEND_EMAIL_TASK and self.args else ""

    @property
    def status(self) -> str:
        if self.delivered_at is not None:
            return str(_("sent"))
        if self.last_error:
            return str(_("not sent yet, retrying"))
        return str(_("waiting to be sent"))
