"""The scale-up tracker: how far each prototype (a case study) has travelled, and who adopted it.

A case study is a prototype. Its stage moves through :class:`StageChange` records, each dated
with evidence; the page's `stage` always follows the latest change (:func:`sync_stage`).
:class:`Adoption` records which agency took the prototype up, where, how far and for how many
people, with measured :class:`AdoptionOutcome` figures. Stage changes and adoptions belong to
the page in the default language (Thai); the English translation shows the same records.
Every change is kept by django-simple-history with the person who made it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Locale, Revision

from cms.pages import CaseStudyPage
from thai.dates import BE_OFFSET, format_date

Stage = CaseStudyPage.Stage
STAGE_ORDER = [stage.value for stage in Stage]


def canonical_prototype(page: CaseStudyPage) -> CaseStudyPage:
    """The default-language page of a case study: the one that owns its tracker records."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    default_page = CaseStudyPage.objects.filter(
        translation_key=page.translation_key, locale=default
    ).first()
    return default_page or page


def prototypes():
    """Case studies counted as prototypes: one per case, in the default language."""
    return CaseStudyPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE[:2])


class EvidenceMixin(models.Model):
    evidence_text = models.TextField(
        _("evidence"), blank=True, help_text=_("What shows this happened, in a sentence or two.")
    )
    evidence_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("evidence document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A letter, order or report, uploaded to the document library."),
    )
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)

    class Meta:
        abstract = True


class StageChangeQuerySet(models.QuerySet):
    def for_page(self, page):
        """Every change of a case study, in either language, oldest first."""
        return self.filter(prototype__translation_key=page.translation_key).order_by(
            "changed_on", "pk"
        )


class StageChange(EvidenceMixin):
    prototype = models.ForeignKey(
        CaseStudyPage,
        verbose_name=_("prototype"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    changed_on = models.DateField(_("date"), help_text=_("When the prototype reached this stage."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = StageChangeQuerySet.as_manager()

    panels = [
        FieldPanel("prototype"),
        FieldRowPanel([FieldPanel("stage"), FieldPanel("changed_on")]),
        MultiFieldPanel(
            [
                FieldPanel("evidence_text"),
                FieldPanel("evidence_document"),
                FieldPanel("evidence_url"),
            ],
            heading=_("Evidence"),
        ),
    ]

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(evidence_text="")
                | Q(evidence_document__isnull=False)
                | ~Q(evidence_url=""),
                name="stage_change_has_evidence",
                violation_error_message=_("Give evidence: a text, a document or a link."),
            ),
        ]
        indexes = [
            # The dashboard's funnel for a fiscal year looks up each prototype's latest change
            # up to a date; the public timeline lists one prototype's changes by date.
            models.Index(
                fields=["prototype", "-changed_on", "-id"], name="stage_change_latest_idx"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.prototype.title}: {self.get_stage_display()} ({format_date(self.changed_on)})"
        )

    def save(self, *args, **kwargs):
        self.prototype = canonical_prototype(self.prototype)
        with transaction.atomic():
            super().save(*args, **kwargs)
            sync_stage(self.prototype)

    def delete(self, *args, **kwargs):
        prototype = self.prototype
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            sync_stage(prototype)
        return result

    def clean(self):
        super().clean()
        # The same stage on the same day twice showed twice on the public timeline. Checked
        # here (the admin form and record_stage_change both call it), not by a constraint:
        # rows recorded before may repeat, with evidence nobody should lose to a migration.
        if self.prototype_id and self.stage and self.changed_on:
            same = StageChange.objects.filter(
                prototype=canonical_prototype(self.prototype),
                stage=self.stage,
                changed_on=self.changed_on,
            ).exclude(pk=self.pk)
            if same.exists():
                raise ValidationError(
                    {
                        "changed_on": _(
                            "This prototype already has this stage on this date: "
                            "edit that stage change instead of adding it again."
                        )
                    },
                    code="duplicate_stage_change",
                )


def sync_stage(page: CaseStudyPage) -> str:
    """Set the case study's stage (both languages) to its latest stage change, if it has one."""
    latest = StageChange.objects.for_page(page).order_by("-changed_on", "-pk").first()
    if latest is None:
        return page.stage
    pages = CaseStudyPage.objects.filter(translation_key=page.translation_key)
    pages.update(stage=latest.stage)
    # The editor's form and the next publish start from the latest revision: keep it in step,
    # so that publishing a draft does not roll the stage back to what the page once said.
    for revision in Revision.objects.filter(
        pk__in=pages.exclude(latest_revision=None).values("latest_revision")
    ):
        if revision.content.get("stage") != latest.stage:
            revision.content["stage"] = latest.stage
            revision.save(update_fields=["content"])
    page.stage = latest.stage
    return latest.stage


def record_stage_change(
    page: CaseStudyPage,
    stage: str,
    changed_on: datetime.date,
    by=None,
    evidence_text: str = "",
    evidence_url: str = "",
    evidence_document=None,
) -> StageChange:
    """Record that a prototype reached `stage` on `changed_on`; the page follows."""
    change = StageChange(
        prototype=page,
        stage=stage,
        changed_on=changed_on,
        recorded_by=by,
        evidence_text=evidence_text,
        evidence_url=evidence_url,
        evidence_document=evidence_document,
    )
    change._history_user = by  # type: ignore[attr-defined]
    change.full_clean()
    change.save()
    return change


class AdoptionQuerySet(models.QuerySet):
    def for_page(self, page):
        return self.filter(prototype__translation_key=page.translation_key)


# How far ahead an adoption may start: one agreed and about to begin may be recorded, up to a
# year ahead; later than that is almost always a mistyped year (2590 for 2569), and it would
# show as an adoption in a future fiscal year on the OPDC dashboard.
ADOPTION_MAX_DAYS_AHEAD = 365


class Adoption(EvidenceMixin, ClusterableModel):
    """An agency that took a prototype up: where, since when, how far, for how many people."""

    prototype = models.ForeignKey(
        CaseStudyPage,
        verbose_name=_("prototype"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    agency = models.ForeignKey(
        "cms.Agency",
        verbose_name=_("adopting agency"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    provinces = ParentalManyToManyField(
        "cms.Province",
        verbose_name=_("provinces"),
        blank=True,
        related_name="adoptions",
        help_text=_("Where the adopting agency runs it."),
    )
    started_on = models.DateField(
        _("start date"),
        help_text=_(
            "Counted in the Thai fiscal year this date falls in. At most a year from today."
        ),
    )
    stage_reached = models.CharField(
        _("stage reached"), max_length=20, choices=Stage.choices, default=Stage.PILOT
    )
    people_served = models.PositiveIntegerField(
        _("people served"), default=0, help_text=_("Citizens or staff served so far.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AdoptionQuerySet.as_manager()

    panels = [
        FieldPanel("prototype"),
        FieldPanel("agency"),
        FieldPanel("provinces"),
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("stage_reached")]),
        FieldPanel("people_served"),
        InlinePanel("outcomes", heading=_("Measured outcomes"), label=_("outcome")),
        MultiFieldPanel(
            [
                FieldPanel("evidence_text"),
                FieldPanel("evidence_document"),
                FieldPanel("evidence_url"),
            ],
            heading=_("Evidence"),
        ),
    ]

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        indexes = [
            # The dashboard's "adoptions over time" groups by fiscal year of started_on and
            # the fiscal-year filter is a started_on range.
            models.Index(fields=["started_on"], name="adoption_started_on_idx"),
            # The dashboard's per-agency figures group adoptions by agency.
            models.Index(fields=["agency", "started_on"], name="adoption_agency_started_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.prototype.title} — {self.agency}"

    def save(self, *args, **kwargs):
        self.prototype = canonical_prototype(self.prototype)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        latest = timezone.localdate() + datetime.timedelta(days=ADOPTION_MAX_DAYS_AHEAD)
        if self.started_on and self.started_on > latest:
            raise ValidationError(
                {
                    "started_on": _(
                        "An adoption may start at most a year from today (%(latest)s at the "
                        "latest); %(date)s is later. Check the year: in the Buddhist era this "
                        "year is %(be_year)d."
                    )
                    % {
                        "latest": format_date(latest),
                        "date": format_date(self.started_on),
                        "be_year": timezone.localdate().year + BE_OFFSET,
                    }
                },
                code="adoption_starts_too_late",
            )


class AdoptionOutcome(models.Model):
    """A measured result of an adoption: e.g. land-title processing 30 -> 7 days."""

    adoption = ParentalKey(
        Adoption, verbose_name=_("adoption"), on_delete=models.CASCADE, related_name="outcomes"
    )
    name_th = models.CharField(_("what was measured (Thai)"), max_length=255)
    name_en = models.CharField(_("what was measured (English)"), max_length=255)
    unit = models.CharField(_("unit (Thai)"), max_length=64, help_text=_("e.g. วัน, บาท, %"))
    unit_en = models.CharField(
        _("unit (English)"),
        max_length=64,
        blank=True,
        help_text=_("e.g. days, baht, %; the Thai unit if empty."),
    )
    before = models.DecimalField(_("before"), max_digits=14, decimal_places=2)
    after = models.DecimalField(_("after"), max_digits=14, decimal_places=2)
    sort_order = models.IntegerField(null=True, blank=True, editable=False)

    # Outcomes are edited inside their adoption's form, which records the adoption's own
    # history row with the same user and time. The history model cannot copy the ParentalKey
    # (modelcluster forbids related_name="+" that simple-history gives copied keys).
    history = HistoricalRecords(excluded_fields=["adoption"])

    panels = [
        FieldRowPanel([FieldPanel("name_th"), FieldPanel("name_en")]),
        FieldRowPanel(
            [
                FieldPanel("unit"),
                FieldPanel("unit_en"),
                FieldPanel("before"),
                FieldPanel("after"),
            ]
        ),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.name_th}: {self.before} → {self.after} {self.unit}"

    @property
    def name(self) -> str:
        if (translation.get_language() or "th").startswith("en"):
            return self.name_en or self.name_th
        return self.name_th or self.name_en
