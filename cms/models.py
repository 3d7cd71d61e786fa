"""Models of the cms app live in topic modules; Django discovers them through this one."""

from cms.pages import (  # noqa: F401
    CaseStudyIndexPage,
    CaseStudyPage,
    CourseIndexPage,
    CoursePage,
    HomePage,
    HomePageFeaturedCourse,
    ModulePage,
    StandardPage,
)
from cms.reference import Agency, Ministry, PartnerOrganisation, Province, Theme  # noqa: F401
from cms.strategy import MasterPlan, NationalStrategy, SubPlanTarget  # noqa: F401
