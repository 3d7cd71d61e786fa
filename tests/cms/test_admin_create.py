"""Every page type can be created and published through Wagtail's admin form."""

from django.contrib.auth import get_user_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.demo import load_reference_data, load_sections, load_site
from cms.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CourseIndexPage,
    CoursePage,
    HomePage,
    ModulePage,
    StandardPage,
    Theme,
)
from demo import loading


class CreatePagesInTheAdminTests(WagtailPageTestCase):
    def setUp(self):
        load_reference_data(loading.read("reference.yaml"))
        pages = loading.read("pages.yaml")
        self.home, _english = load_site(pages)
        load_sections(self.home, pages)
        self.catalogue = CourseIndexPage.objects.child_of(self.home).get()
        self.case_index = CaseStudyIndexPage.objects.child_of(self.home).get()
        admin = get_user_model().objects.create_superuser("editor", "editor@opdc.go.th", "pw")
        self.client.force_login(admin)

    def _course(self) -> CoursePage:
        course = CoursePage(title="การออกแบบบริการ", slug="design", summary="สรุป")
        self.catalogue.add_child(instance=course)
        course.save_revision().publish()
        return course

    def test_a_course_with_its_format_themes_and_outcomes(self):
        theme = Theme.objects.first()
        data = nested_form_data(
            {
                "title": "การออกแบบบริการภาครัฐ",
                "slug": "public-service-design",
                "summary": "ออกแบบบริการโดยยึดประชาชนเป็นศูนย์กลาง",
                "learning_outcomes": rich_text("<ul><li>สัมภาษณ์ผู้ใช้</li></ul>"),
                "target_audience": "ข้าราชการ",
                "duration_hours": 12,
                "delivery_mode": "hybrid",
                "level": "intro",
                "teaching_language": "th",
            }
        )
        data["themes"] = [theme.pk]  # a multiple choice: one key, several values
        self.assertCanCreate(self.catalogue, CoursePage, data)
        course = CoursePage.objects.get(title="การออกแบบบริการภาครัฐ")
        assert course.live and list(course.themes.all()) == [theme]

    def test_a_module_with_a_stream_body(self):
        self.assertCanCreate(
            self._course(),
            ModulePage,
            nested_form_data(
                {
                    "title": "เข้าใจผู้ใช้",
                    "slug": "understand-users",
                    "estimated_minutes": 45,
                    "body": streamfield(
                        [
                            ("heading", {"text": "สัมภาษณ์", "level": "h2"}),
                            ("paragraph", rich_text("<p>ฟังให้มากกว่าพูด</p>")),
                            ("reflection", {"question": "คุณได้เรียนรู้อะไร", "hint": ""}),
                        ]
                    ),
                }
            ),
        )

    def test_a_case_study_with_its_stage_and_related_courses(self):
        course = self._course()
        data = nested_form_data(
            {
                "title": "นัดหมายสำนักงานที่ดิน",
                "slug": "land-office-appointments",
                "problem": rich_text("<p>รอคิวนาน</p>"),
                "stage": "pilot",
                "figures": streamfield([]),
                "body": streamfield([]),
                "lessons_learned": rich_text("<p>เริ่มเล็ก</p>"),
            }
        )
        data["related_courses"] = [course.pk]
        self.assertCanCreate(self.case_index, CaseStudyPage, data)
        case = CaseStudyPage.objects.get(slug="land-office-appointments")
        assert case.live and list(case.related_courses.all()) == [course]

    def test_a_standard_page_and_the_section_indexes(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data({"title": "ติดต่อเรา", "slug": "contact", "body": streamfield([])}),
        )
        self.catalogue.delete()
        self.assertCanCreate(
            HomePage.objects.get(pk=self.home.pk),
            CourseIndexPage,
            nested_form_data({"title": "หลักสูตร", "slug": "courses", "intro": rich_text("")}),
        )

    def test_a_home_page_with_featured_courses(self):
        course = self._course()
        root = self.home.get_parent()
        self.assertCanCreate(
            root,
            HomePage,
            nested_form_data(
                {
                    "title": "Gov Lab ใหม่",
                    "slug": "new-home",
                    "intro": rich_text("<p>ยินดีต้อนรับ</p>"),
                    "featured_courses": inline_formset([{"course": course.pk}]),
                }
            ),
        )
        home = HomePage.objects.get(slug="new-home")
        assert [featured.course for featured in home.featured_courses.all()] == [course]
