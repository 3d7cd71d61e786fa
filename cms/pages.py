"""Page types of the public site and their tree rules."""

from django.apps import apps
from django.db import models
from django.db.models import Min, OuterRef, Q, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cms import thai_search
from cms.blocks import BodyBlock, FigureBlock
from cms.navigation import cached_for_content
from cms.reference import Agency, Province
from cms.slugs import SlugMixin


class DeliveryMode(models.TextChoices):
    ON_SITE = "onsite", _("On-site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


def _cached_unless_preview(request, key: str, build):
    """Page parts that change only on publish, cached (cms/navigation.py); a preview shows
    the draft, so it builds them fresh."""
    if getattr(request, "is_preview", False):
        return build()
    return cached_for_content(key, build)


class LeanServingMixin:
    """Serve a page with fewer queries, so a page costs the same however deep it sits.

    Wagtail's `route` loads each child as a base Page, then again as its specific type; a page
    type whose children are all of one type loads them in one query. Wagtail's
    `get_view_restrictions` fetches the ancestors, then their restrictions; ours looks the
    restrictions up by tree path in one query (our translations are copies, never aliases, so
    no ancestor needs resolving to an alias source).
    """

    def route(self, request, path_components):
        if path_components and len(self.subpage_types) == 1:
            model = apps.get_model(self.subpage_types[0])
            try:
                child = model.objects.child_of(self).get(slug=path_components[0])
            except model.DoesNotExist as error:
                raise Http404 from error
            child._cached_parent_obj = self  # get_parent() for the breadcrumb, free
            return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_view_restrictions(self):
        if self.alias_of_id:
            return super().get_view_restrictions()
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        return PageViewRestriction.objects.filter(page__path__in=paths)


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


class HomePage(SlugMixin, LeanServingMixin, Page):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two under the site title."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "featured_courses",
            label=_("Featured courses"),
            help_text=_(
                "Courses shown first on the home page, in this order. Leave empty to show the "
                "newest courses. Choose a course in any language: visitors see their own."
            ),
            max_num=6,
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CourseIndexPage", "cms.CaseStudyIndexPage", "cms.StandardPage"]

    def route(self, request, path_components):
        """Which live page an address leads to changes only when something is published, so
        the answer is cached like the menus (cms/navigation.py): a cached address costs no
        query to route. Unknown addresses are not cached; view restrictions are still checked
        on every request (Wagtail's on_serve_page hook, after routing)."""
        if not path_components:
            return super().route(request, path_components)

        def build():
            result = super(HomePage, self).route(request, path_components)
            return result[0] if not result[1] and not result[2] else False

        page = cached_for_content(f"route:{self.pk}:{'/'.join(path_components)}", build)
        if page is False:  # a page that takes arguments: route it every time
            return super().route(request, path_components)
        return RouteResult(page)

    FEATURED_FALLBACK = 3
    LATEST_CASE_STUDIES = 3

    class Meta:
        verbose_name = _("home page")

    def featured_course_pages(self, private: Q) -> list["CoursePage"]:
        """The editor's choice in this page's language, in the editor's order (one query),
        else the newest courses (one more)."""
        courses = CoursePage.objects.live().exclude(private).filter(locale_id=self.locale_id)
        position = (
            HomePageFeaturedCourse.objects.filter(
                page_id=self.pk, course__translation_key=OuterRef("translation_key")
            )
            .values("course__translation_key")
            .annotate(position=Min("sort_order"))
            .values("position")[:1]
        )
        chosen = list(
            courses.annotate(featured_position=Subquery(position))
            .filter(featured_position__isnull=False)
            .order_by("featured_position")
        )
        if chosen:
            return chosen
        return list(courses.order_by("-first_published_at", "-pk")[: self.FEATURED_FALLBACK])

    def latest_case_studies(self, private: Q):
        return (
            CaseStudyPage.objects.live()
            .exclude(private)
            .filter(locale_id=self.locale_id)
            .select_related("lead_agency", "theme")
            .order_by("-first_published_at", "-pk")[: self.LATEST_CASE_STUDIES]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def build():
            private = Page.objects.all().private_q()  # one query, shared by both lists
            return {
                "featured_courses": self.featured_course_pages(private),
                "latest_case_studies": list(self.latest_case_studies(private)),
                "prototypes_scaling": CaseStudyPage.prototypes_scaling(),
            }

        context.update(_cached_unless_preview(request, f"home:{self.pk}", build))
        return context


class HomePageFeaturedCourse(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_courses")
    course = models.ForeignKey(
        "cms.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured course")
        verbose_name_plural = _("featured courses")

    def __str__(self) -> str:
        return str(self.course)


class SectionIndexPage(SlugMixin, LeanServingMixin, Page):
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


class CoursePage(SlugMixin, LeanServingMixin, ThaiSearchableMixin, Page):  # noqa: DJ008 - Page has __str__
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
    # By name only: certificates sits above cms and reads this field (certificates.issuing).
    certificate_design = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("certificate design"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to use the default certificate design."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("learning_outcomes"),
        FieldPanel("target_audience"),
        MultiFieldPanel(
            [
                FieldPanel("duration_hours"),
                FieldPanel("certificate_design"),
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def build():
            return {
                "hero_image": self.hero_image,
                "modules": list(ModulePage.objects.child_of(self).live().order_by("path")),
                "case_studies": list(self.case_studies.live().order_by("path")),
                "themes": list(self.themes.all()),
                "partners": list(self.partners.all()),
            }

        parts = _cached_unless_preview(request, f"course:{self.pk}", build)
        self.hero_image = parts["hero_image"]  # the cached image: no query in the template
        context.update(parts)
        return context


class ModulePage(SlugMixin, LeanServingMixin, ThaiSearchableMixin, Page):  # noqa: DJ008 - Page has __str__
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

    def get_context(self, request, *args, **kwargs):
        """The previous and next module of the course, in this page's language (one query)."""
        context = super().get_context(request, *args, **kwargs)
        siblings = list(
            ModulePage.objects.sibling_of(self, inclusive=False).live().order_by("path")
        )
        before = [page for page in siblings if page.path < self.path]
        after = [page for page in siblings if page.path > self.path]
        context["previous_module"] = before[-1] if before else None
        context["next_module"] = after[0] if after else None
        return context


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


class CaseStudyPage(SlugMixin, LeanServingMixin, ThaiSearchableMixin, Page):  # noqa: DJ008 - Page has __str__
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
        [("figure", FigureBlock(label=_("figure")))],
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

    SCALING_STAGES = (Stage.SCALING, Stage.INSTITUTIONALISED)

    @classmethod
    def prototypes_scaling(cls) -> int:
        """Prototypes being scaled up or already part of everyday work, each counted once
        whatever the number of languages it is written in."""
        return (
            cls.objects.live()
            .filter(stage__in=cls.SCALING_STAGES)
            .values("translation_key")
            .distinct()
            .count()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def build():
            return {
                "lead_agency": self.lead_agency,
                "theme": self.theme,
                # In the order a reader of this page's language looks names up.
                "partner_agencies": sorted(self.partner_agencies.all(), key=Agency.sort_key),
                "provinces": sorted(self.provinces.all(), key=Province.sort_key),
                # In this page's language, whichever version of a course an editor picked.
                "related_courses": list(
                    CoursePage.objects.live()
                    .filter(
                        locale_id=self.locale_id,
                        translation_key__in=self.related_courses.values("translation_key"),
                    )
                    .order_by("title")
                ),
            }

        context.update(_cached_unless_preview(request, f"case-study:{self.pk}", build))
        return context

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


class StandardPage(SlugMixin, LeanServingMixin, Page):
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
