from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CourseIndexPage,
    CoursePage,
    HomePage,
    ModulePage,
    StandardPage,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_the_home_page_sits_at_the_root_and_holds_the_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {CourseIndexPage, CaseStudyIndexPage, StandardPage}
        )

    def test_courses_live_in_the_catalogue_and_hold_only_modules(self):
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})
        self.assertAllowedSubpageTypes(ModulePage, set())

    def test_case_studies_live_in_their_index_and_hold_nothing(self):
        self.assertAllowedParentPageTypes(CaseStudyPage, {CaseStudyIndexPage})
        self.assertCanNotCreateAt(CourseIndexPage, CaseStudyPage)
        self.assertAllowedSubpageTypes(CaseStudyPage, set())

    def test_standard_pages_nest_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
