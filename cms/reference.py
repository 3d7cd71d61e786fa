"""Reference data shared by every app: provinces, ministries and agencies, partners, themes.

Each has a Thai and an English name; `name` follows the active language. Natural keys
let fixtures and the demo loader refer to rows by name rather than by id.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from thai.text import thai_sort_column, thai_sort_key


class BilingualNameMixin(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    # The Thai name's key in dictionary order (thai.text.thai_sort_key): lists of provinces
    # and agencies are ordered as a Thai reader looks things up, เชียงใหม่ under ช.
    sort_key_th = models.CharField(max_length=1600, editable=False, default="")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key_th = thai_sort_column(self.name_th)
        if kwargs.get("update_fields") is not None and "name_th" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key_th"}
        super().save(*args, **kwargs)

    def sort_key(self):
        """Key for sorting in Python in the active language (dictionary order in Thai)."""
        if (translation.get_language() or "th").startswith("en"):
            return ((self.name_en or self.name_th).casefold(), "")
        return thai_sort_key(self.name_th)

    @property
    def name(self) -> str:
        if (translation.get_language() or "th").startswith("en"):
            return self.name_en or self.name_th
        return self.name_th or self.name_en


# Other names people write for a province, by its English name (the natural key): a
# spreadsheet says "กทม." or "กรุงเทพฯ" far more often than "กรุงเทพมหานคร". Whatever
# matches a province by name (the participant import) reads them through `names()`.
PROVINCE_ALIASES = {
    "Bangkok": (
        "กรุงเทพ",
        "กรุงเทพฯ",
        "กทม",
        "กทม.",
        "Bangkok Metropolis",
        "Bangkok Metropolitan",
        "Krung Thep",
        "Krung Thep Maha Nakhon",
    ),
    "Phra Nakhon Si Ayutthaya": ("อยุธยา", "Ayutthaya"),
    "Nakhon Ratchasima": ("โคราช", "Korat"),
}


class ProvinceQuerySet(models.QuerySet):
    def get_by_natural_key(self, name_en):
        return self.get(name_en=name_en)

    def names(self) -> list[tuple[int, str]]:
        """(pk, name) for every name of each province: Thai, English, then its aliases."""
        names = []
        for pk, name_th, name_en in self.values_list("pk", "name_th", "name_en"):
            names += [(pk, name) for name in (name_th, name_en) if name]
            names += [(pk, alias) for alias in PROVINCE_ALIASES.get(name_en, ())]
        return names


class Province(BilingualNameMixin):
    class Region(models.TextChoices):
        NORTH = "north", _("Northern")
        NORTHEAST = "northeast", _("Northeastern")
        CENTRAL = "central", _("Central")
        EAST = "east", _("Eastern")
        WEST = "west", _("Western")
        SOUTH = "south", _("Southern")

    region = models.CharField(_("region"), max_length=16, choices=Region.choices)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key_th", "name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [models.UniqueConstraint(fields=["name_en"], name="province_unique_name_en")]

    def natural_key(self):
        return (self.name_en,)


class ByEnglishNameQuerySet(models.QuerySet):
    def get_by_natural_key(self, name_en):
        return self.get(name_en=name_en)


class Ministry(BilingualNameMixin):
    objects = ByEnglishNameQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key_th", "name_th"]
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")
        constraints = [models.UniqueConstraint(fields=["name_en"], name="ministry_unique_name_en")]

    def natural_key(self):
        return (self.name_en,)


class Agency(BilingualNameMixin):
    """A government department or office, under its ministry (or none, e.g. BMA)."""

    abbreviation = models.CharField(
        _("abbreviation"), max_length=32, blank=True, help_text=_("e.g. ก.พ.ร. / OPDC")
    )
    ministry = models.ForeignKey(
        Ministry,
        verbose_name=_("ministry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text=_(
            "Leave empty for independent bodies such as the Bangkok Metropolitan Administration."
        ),
    )

    objects = ByEnglishNameQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key_th", "name_th"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [models.UniqueConstraint(fields=["name_en"], name="agency_unique_name_en")]

    def natural_key(self):
        return (self.name_en,)


class PartnerOrganisation(BilingualNameMixin):
    """A co-design partner: OPDC, UNDP, Mahidol University, NIDA..."""

    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ByEnglishNameQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [models.UniqueConstraint(fields=["name_en"], name="partner_unique_name_en")]

    def natural_key(self):
        return (self.name_en,)


class Theme(BilingualNameMixin):
    """A public-service theme: land services, disability support, drug prevention..."""

    slug = models.SlugField(
        _("slug"), max_length=64, help_text=_("Used in catalogue filter links.")
    )
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["sort_key_th", "name_th"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["slug"], name="theme_unique_slug")]

    def natural_key(self):
        return (self.slug,)
