"""Page types of the public site and their tree rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock


class DeliveryMode(models.TextChoices):
    ON_SITE = "onsite", _("On-site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class HomePage(Page):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two under the site title."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CourseIndexPage", "cms.CaseStudyIndexPage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("home page")


class CourseIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")


class CoursePage(Page):
    class Level(models.TextChoices):
        INTRODUCTORY = "intro", _("Introductory")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences shown in the catalogue.")
    )
    learning_outcomes = RichTextField(
        _("learning outcomes"),
        blank=True,
        features=["bold", "italic", "ul", "ol", "link"],
        help_text=_("What a participant can do after the course."),
    )
    target_audience = models.TextField(_("target audience"), blank=True)
    duration_hours = models.PositiveSmallIntegerField(
        _("duration (hours)"), default=6, help_text=_("Printed on certificates.")
    )
    delivery_mode = models.CharField(
        _("delivery mode"),
        max_length=16,
        choices=DeliveryMode.choices,
        default=DeliveryMode.ON_SITE,
    )
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.INTRODUCTORY
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    themes = ParentalManyToManyField(
        "cms.Theme", verbose_name=_("themes"), blank=True, related_name="courses"
    )
    partners = ParentalManyToManyField(
        "cms.PartnerOrganisation",
        verbose_name=_("co-design partners"),
        blank=True,
        related_name="courses",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("learning_outcomes"),
        FieldPanel("target_audience"),
        MultiFieldPanel(
            [FieldPanel("duration_hours"), FieldPanel("delivery_mode"), FieldPanel("level")],
            heading=_("Format"),
        ),
        FieldPanel("prerequisites"),
        FieldPanel("themes"),
        FieldPanel("partners"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.SearchField("target_audience"),
    ]
    parent_page_types = ["cms.CourseIndexPage"]
    subpage_types = ["cms.ModulePage"]

    class Meta:
        verbose_name = _("course")


class ModulePage(Page):
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=30, help_text=_("How long a learner needs for this module.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["cms.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("module")


class CaseStudyIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CaseStudyPage"]

    class Meta:
        verbose_name = _("case study index")


class CaseStudyPage(Page):
    problem = RichTextField(
        _("the problem and who it affects"),
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What was wrong for citizens or staff, in their words where possible."),
    )
    lead_agency = models.ForeignKey(
        "cms.Agency",
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_case_studies",
    )
    theme = models.ForeignKey(
        "cms.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
    )
    body = StreamField(BodyBlock(), verbose_name=_("story"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("problem"),
        FieldPanel("lead_agency"),
        FieldPanel("theme"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("problem"), index.SearchField("body")]
    parent_page_types = ["cms.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("case study")


class StandardPage(Page):
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
