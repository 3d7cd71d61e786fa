"""Page types of the public site and their tree rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import thai_search
from cms.blocks import BodyBlock, FigureBlock


class DeliveryMode(models.TextChoices):
    ON_SITE = "onsite", _("On-site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class ThaiSearchableMixin(models.Model):
    """Stores a word-segmented copy of the page's text on every save (see cms/thai_search.py)."""

    search_text = models.TextField(_("search index text"), blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = thai_search.index_text(self.search_source())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = list(set(kwargs["update_fields"]) | {"search_text"})
        return super().save(*args, **kwargs)

    def search_source(self) -> str:
        return self.title


class TeachingLanguage(models.TextChoices):
    THAI = "th", _("Thai")
    ENGLISH = "en", _("English")
    BILINGUAL = "th-en", _("Thai and English")


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


class SectionIndexPage(Page):
    """A top-level section under the home page (catalogue, case studies) with an introduction."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]

    class Meta:
        abstract = True


class CourseIndexPage(SectionIndexPage):
    subpage_types = ["cms.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from cms.catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context


class CoursePage(ThaiSearchableMixin, Page):  # noqa: DJ008 - Page has __str__
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
    teaching_language = models.CharField(
        _("teaching language"),
        max_length=8,
        choices=TeachingLanguage.choices,
        default=TeachingLanguage.THAI,
        help_text=_("The language the sessions are taught in (not the language of this page)."),
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
    strategy_targets = ParentalManyToManyField(
        "cms.SubPlanTarget",
        verbose_name=_("national-strategy targets"),
        blank=True,
        related_name="courses",
        help_text=_("Sub-plan targets of the National Strategy this course serves."),
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
            [
                FieldPanel("duration_hours"),
                FieldPanel("delivery_mode"),
                FieldPanel("level"),
                FieldPanel("teaching_language"),
            ],
            heading=_("Format"),
        ),
        FieldPanel("prerequisites"),
        FieldPanel("themes"),
        FieldPanel("partners"),
        FieldPanel("strategy_targets"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.SearchField("target_audience"),
        index.SearchField("search_text"),
        index.FilterField("delivery_mode"),
    ]
    parent_page_types = ["cms.CourseIndexPage"]
    subpage_types = ["cms.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def search_source(self) -> str:
        return "\n".join(
            filter(None, [self.title, self.summary, self.learning_outcomes, self.target_audience])
        )


class ModulePage(ThaiSearchableMixin, Page):  # noqa: DJ008 - Page has __str__
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=30, help_text=_("How long a learner needs for this module.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.SearchField("search_text"),
    ]
    parent_page_types = ["cms.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("module")

    def search_source(self) -> str:
        return "\n".join(filter(None, [self.title, thai_search.stream_text(self.body)]))


class CaseStudyIndexPage(SectionIndexPage):
    subpage_types = ["cms.CaseStudyPage"]

    class Meta:
        verbose_name = _("case study index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["case_studies"] = (
            CaseStudyPage.objects.child_of(self)
            .live()
            .select_related("lead_agency", "theme")
            .order_by("path")
        )
        return context


class CaseStudyPage(ThaiSearchableMixin, Page):  # noqa: DJ008 - Page has __str__
    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        PROTOTYPE = "prototype", _("Prototype")
        PILOT = "pilot", _("Pilot")
        SCALING = "scaling", _("Scaling up")
        INSTITUTIONALISED = "institutionalised", _("Institutionalised")

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
        help_text=_("The agency that owns the service and the prototype."),
    )
    partner_agencies = ParentalManyToManyField(
        "cms.Agency",
        verbose_name=_("partner agencies"),
        blank=True,
        related_name="partner_case_studies",
        help_text=_("Other agencies that co-designed or run part of the service."),
    )
    provinces = ParentalManyToManyField(
        "cms.Province",
        verbose_name=_("provinces"),
        blank=True,
        related_name="case_studies",
        help_text=_("Where the prototype was tested or runs now."),
    )
    theme = models.ForeignKey(
        "cms.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_studies",
        help_text=_("The Gov Lab issue this case belongs to."),
    )
    stage = models.CharField(
        _("prototype stage"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.PROTOTYPE,
        help_text=_("How far the idea has come: from an idea to part of everyday work."),
    )
    figures = StreamField(
        [("figure", FigureBlock())],
        verbose_name=_("before and after"),
        blank=True,
        help_text=_("Measured results: one figure before the change and one after."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("story"), blank=True)
    lessons_learned = RichTextField(
        _("lessons learned"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What other agencies should copy, and what they should avoid."),
    )
    related_courses = ParentalManyToManyField(
        "cms.CoursePage",
        verbose_name=_("related courses"),
        blank=True,
        related_name="case_studies",
        help_text=_("Courses that teach the methods used in this case."),
    )
    strategy_targets = ParentalManyToManyField(
        "cms.SubPlanTarget",
        verbose_name=_("national-strategy targets"),
        blank=True,
        related_name="case_studies",
        help_text=_("Sub-plan targets of the National Strategy this prototype serves."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("problem"),
        MultiFieldPanel(
            [
                FieldPanel("lead_agency"),
                FieldPanel("partner_agencies"),
                FieldPanel("provinces"),
                FieldPanel("theme"),
                FieldPanel("stage"),
            ],
            heading=_("Who, where and how far"),
        ),
        FieldPanel("figures"),
        FieldPanel("body"),
        FieldPanel("lessons_learned"),
        FieldPanel("related_courses"),
        FieldPanel("strategy_targets"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("problem"),
        index.SearchField("body"),
        index.SearchField("search_text"),
    ]
    parent_page_types = ["cms.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("case study")

    def search_source(self) -> str:
        return "\n".join(
            filter(
                None,
                [
                    self.title,
                    self.problem,
                    thai_search.stream_text(self.body),
                    self.lessons_learned,
                ],
            )
        )


class StandardPage(Page):
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
