"""What an agency coordinator looked at: PDPA accountability for access to other people's
training records (who, when, whose, what)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessRecord(models.Model):
    class What(models.TextChoices):
        STAFF_LIST = "staff_list", _("The agency's list of staff and their training")
        PERSON = "person", _("One person's training record")

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("viewed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose data"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the agency's whole list."),
    )
    agency = models.ForeignKey(
        "cms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    what = models.CharField(_("what was seen"), max_length=16, choices=What.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to training records")
        verbose_name_plural = _("accesses to training records")

    def __str__(self) -> str:
        return f"{self.viewer} · {self.get_what_display()} · {self.at:%Y-%m-%d %H:%M}"
