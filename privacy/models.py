"""The requests people make about their personal data (PDPA: export, erasure, restriction).

A data request is the legal record of what was asked, who handled it, when and why, so it is
kept after the person's data is erased (it then points at the anonymised account).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DataRequest(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Export of my data")
        ERASURE = "erasure", _("Erasure")
        RESTRICTION = "restriction", _("Restriction of processing")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for OPDC staff")
        DONE = "done", _("Done")
        RESTRICTED = "restricted", _("Kept and restricted")
        REFUSED = "refused", _("Refused")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="data_requests",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Why records are kept or the request is refused (shown to the person)."),
    )
    outcome = models.TextField(_("what was done"), blank=True, editable=False)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(status="pending"),
                name="datarequest_one_pending_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="restricted") | ~Q(reason=""),
                name="datarequest_restricted_has_reason",
            ),
        ]
        indexes = [
            # The OPDC staff queue: pending requests, oldest first.
            models.Index(fields=["status", "requested_at"], name="datarequest_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person} ({self.get_status_display()})"
