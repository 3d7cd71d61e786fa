"""Thailand's 20-year National Strategy as reference data: the cause-and-effect chain "XYZ".

An agency's action (X, a prototype or a course) serves a sub-plan target (under a master plan,
Y) which serves a national-strategy goal (Z). NESDC's eMENSCR system reports on this chain.
The 6 strategies and 23 master plans are seeded by a data migration from
cms/data/national_strategy.csv; sub-plan targets come from a CSV OPDC supplies
(`manage.py load_strategy_targets FILE.csv`, see :func:`load_targets`).
"""

import csv
import io
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cms.reference import BilingualNameMixin
from thai.numbers import read_int
from thai.text import strip_invisible


class ByNumberQuerySet(models.QuerySet):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class NationalStrategy(BilingualNameMixin):
    """One of the six strategies of the 20-year National Strategy (B.E. 2561-2580): level Z."""

    number = models.PositiveSmallIntegerField(_("number"))

    objects = ByNumberQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("national strategy")
        verbose_name_plural = _("national strategies")
        constraints = [
            models.UniqueConstraint(fields=["number"], name="national_strategy_unique_number")
        ]

    def natural_key(self):
        return (self.number,)

    @property
    def label(self) -> str:
        return f"{self.number}. {self.name}"


class MasterPlan(BilingualNameMixin):
    """One of the 23 master plans under the National Strategy: level Y. Master plans are
    cross-cutting, so one can serve several strategies."""

    number = models.PositiveSmallIntegerField(_("number"))
    strategies = models.ManyToManyField(
        NationalStrategy,
        verbose_name=_("national strategies"),
        blank=True,
        related_name="master_plans",
        help_text=_("The strategies this master plan serves."),
    )

    objects = ByNumberQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("master plan")
        verbose_name_plural = _("master plans")
        constraints = [models.UniqueConstraint(fields=["number"], name="master_plan_unique_number")]

    def natural_key(self):
        return (self.number,)

    @property
    def label(self) -> str:
        return f"{self.number}. {self.name}"


class SubPlanTargetQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class SubPlanTarget(BilingualNameMixin):
    """A target of a sub-plan under a master plan (e.g. 200101: services people can use
    online, end to end). `name_*` holds the target itself."""

    code = models.CharField(
        _("code"), max_length=16, help_text=_("The code of the target as in eMENSCR, e.g. 200101.")
    )
    master_plan = models.ForeignKey(
        MasterPlan,
        verbose_name=_("master plan"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    sub_plan_th = models.CharField(_("sub-plan (Thai)"), max_length=255, blank=True)
    sub_plan_en = models.CharField(_("sub-plan (English)"), max_length=255, blank=True)

    objects = SubPlanTargetQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("sub-plan target")
        verbose_name_plural = _("sub-plan targets")
        constraints = [models.UniqueConstraint(fields=["code"], name="sub_plan_target_unique_code")]

    def natural_key(self):
        return (self.code,)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


TARGET_COLUMNS = ("code", "master_plan", "sub_plan_th", "sub_plan_en", "name_th", "name_en")
_REQUIRED = ("code", "master_plan", "name_th", "name_en")


class TargetFileError(Exception):
    """The file was refused; `errors` lists every problem, one line each, with its row number."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class TargetLoadResult:
    created: int
    updated: int


def load_targets(text: str) -> TargetLoadResult:
    """Create or update sub-plan targets from CSV text (columns TARGET_COLUMNS, header first).

    The whole file is checked before anything is saved; any problem refuses the whole file
    with :class:`TargetFileError`, so a half-loaded file never reaches the database.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in _REQUIRED if column not in header]
    if missing:
        raise TargetFileError(
            [_g("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}]
        )
    plans = {plan.number: plan for plan in MasterPlan.objects.all()}
    errors: list[str] = []
    rows: dict[str, dict] = {}
    for line, raw in enumerate(reader, start=2):
        row = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        if not any(row.values()):
            continue
        for column, value in row.items():
            if "\x00" in value:
                errors.append(
                    _g("Row %(row)d: %(column)s holds a NUL character, which cannot be saved.")
                    % {"row": line, "column": column.replace("\x00", "")}
                )
        # Zero-width, bidirectional and other control characters go, as from names.
        row = {column: strip_invisible(value) for column, value in row.items()}
        for column in _REQUIRED:
            if not row.get(column):
                errors.append(
                    _g("Row %(row)d: %(column)s is empty.") % {"row": line, "column": column}
                )
        code = row.get("code", "")
        if len(code) > 16:
            errors.append(_g("Row %(row)d: the code is longer than 16 characters.") % {"row": line})
        if code and code in rows:
            errors.append(
                _g("Row %(row)d: code %(code)s appears twice.") % {"row": line, "code": code}
            )
        number = row.get("master_plan", "")
        plan = plans.get(read_int(number))
        if number and plan is None:
            errors.append(
                _g("Row %(row)d: there is no master plan number %(number)s (1 to 23).")
                % {"row": line, "number": number}
            )
        for column in ("sub_plan_th", "sub_plan_en", "name_th", "name_en"):
            if len(row.get(column, "")) > 255:
                errors.append(
                    _g("Row %(row)d: %(column)s is longer than 255 characters.")
                    % {"row": line, "column": column}
                )
        rows[code] = {**row, "plan": plan}
    if not rows and not errors:
        errors.append(_g("The file has no targets."))
    if errors:
        raise TargetFileError(errors)
    created = updated = 0
    with transaction.atomic():
        for code, row in rows.items():
            _target, was_created = SubPlanTarget.objects.update_or_create(
                code=code,
                defaults={
                    "master_plan": row["plan"],
                    "sub_plan_th": row.get("sub_plan_th", ""),
                    "sub_plan_en": row.get("sub_plan_en", ""),
                    "name_th": row["name_th"],
                    "name_en": row["name_en"],
                },
            )
            created += was_created
            updated += not was_created
    return TargetLoadResult(created=created, updated=updated)
