"""A site large enough that an N+1 query would show: 50+ courses with modules, cohorts and
case studies, in Thai with some English translations. Used by the query-budget tests and by
benchmarks/pages.py.

`build_site(courses=5)` makes the small site; `grow_site(site, courses=45)` then adds to it,
so a test can count the queries of the same pages at 5 and at 50 courses.
"""

import io
import itertools
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.demo import english_locale, load_reference_data, load_sections, load_site
from cms.models import (
    Agency,
    CaseStudyIndexPage,
    CaseStudyPage,
    CourseIndexPage,
    CoursePage,
    HomePage,
    HomePageFeaturedCourse,
    ModulePage,
    PartnerOrganisation,
    Province,
    Theme,
)
from courses.models import Cohort, Enrollment
from demo import loading
from tests.factories import days_from_now, make_learner

_numbers = itertools.count(1)

MODULE_BODY = [
    ("heading", {"text": "เข้าใจปัญหาจากมุมมองประชาชน", "level": "h2"}),
    ("paragraph", "<p>สัมภาษณ์ผู้รับบริการอย่างน้อยห้าคน แล้วเขียนแผนที่การเดินทางของผู้ใช้</p>"),
    ("callout", {"kind": "tip", "text": "<p>ฟังให้มากกว่าพูด</p>"}),
]


@dataclass
class ScaleSite:
    home: HomePage
    catalogue: CourseIndexPage
    case_index: CaseStudyIndexPage
    courses: list[CoursePage] = field(default_factory=list)
    case_studies: list[CaseStudyPage] = field(default_factory=list)
    # The pages whose query counts are compared as the site grows.
    course: CoursePage | None = None
    case_study: CaseStudyPage | None = None
    module: ModulePage | None = None


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page, locale: Locale, title: str):
    english = page.copy_for_translation(locale, copy_parents=False).specific
    english.title = title
    english.save_revision().publish()
    return english


def make_image(title: str = "ภาพประกอบ"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (18, 63, 122)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"scale-{next(_numbers)}.jpg")
    )


def add_course(site: ScaleSite, *, modules: int = 3, cohorts: int = 2, english: bool = False):
    number = next(_numbers)
    course = CoursePage(
        title=f"การออกแบบบริการภาครัฐ {number}",
        slug=f"scale-course-{number}",
        summary="เรียนรู้การออกแบบบริการโดยยึดประชาชนเป็นศูนย์กลาง ร่วมกับหน่วยงานจริง",
        learning_outcomes="<ul><li>สัมภาษณ์ผู้ใช้</li><li>สร้างต้นแบบ</li></ul>",
        target_audience="ข้าราชการทุกระดับ",
        duration_hours=6 + number % 24,
        delivery_mode=("onsite", "online", "hybrid")[number % 3],
    )
    _publish(site.catalogue, course)
    course.themes.set(Theme.objects.all()[: 1 + number % 3])
    course.partners.set(PartnerOrganisation.objects.all()[:2])
    course.save_revision().publish()
    for _ in range(modules):
        add_module(course)
    for _ in range(cohorts):
        add_cohort(course)
    if english:
        _translate(course, english_locale(), f"Public service design {number}")
    site.courses.append(course)
    return course


def add_module(course: CoursePage) -> ModulePage:
    number = next(_numbers)
    module = ModulePage(
        title=f"บทเรียนที่ {number}",
        slug=f"scale-module-{number}",
        estimated_minutes=30,
        body=MODULE_BODY,
    )
    return _publish(course, module)


def add_cohort(course: CoursePage) -> Cohort:
    number = next(_numbers)
    return Cohort.objects.create(
        course=course,
        title=f"รุ่นที่ {number}",
        start_date=days_from_now(10 + number % 30),
        end_date=days_from_now(12 + number % 30),
        capacity=30,
        venue="ศูนย์ราชการเฉลิมพระเกียรติ อาคาร B",
    )


def add_case_study(site: ScaleSite, related: list[CoursePage], *, partners: int = 1):
    number = next(_numbers)
    case = CaseStudyPage(
        title=f"ต้นแบบบริการ {number}",
        slug=f"scale-case-{number}",
        problem="<p>ประชาชนต้องเดินทางหลายครั้งเพื่อยื่นเอกสารชุดเดิม</p>",
        lead_agency=Agency.objects.order_by("pk").first(),
        theme=Theme.objects.order_by("pk").first(),
        stage=("prototype", "pilot", "scaling", "institutionalised")[number % 4],
        figures=[
            (
                "figure",
                {"label": "เวลารอ", "before": "3 ชั่วโมง", "after": "20 นาที", "source": "สำนักงาน"},
            )
        ],
        body=MODULE_BODY,
        lessons_learned="<p>เริ่มเล็ก ทดลองเร็ว</p>",
    )
    _publish(site.case_index, case)
    case.partner_agencies.set(Agency.objects.order_by("pk")[:partners])
    case.provinces.set(Province.objects.order_by("pk")[:partners])
    case.related_courses.set(related)
    case.save_revision().publish()
    site.case_studies.append(case)
    return case


def add_completed_learners(course: CoursePage, count: int) -> None:
    cohort = Cohort.objects.create(
        course=course,
        title="รุ่นที่ผ่านมา",
        start_date=days_from_now(-60),
        end_date=days_from_now(-58),
        capacity=count + 5,
    )
    for _ in range(count):
        Enrollment.objects.create(
            cohort=cohort, learner=make_learner(), status=Enrollment.Status.COMPLETED
        )


def build_site(courses: int = 5) -> ScaleSite:
    load_reference_data(loading.read("reference.yaml"))
    pages = loading.read("pages.yaml")
    home, english_home = load_site(pages)
    load_sections(home, pages)
    site = ScaleSite(
        home=home,
        catalogue=CourseIndexPage.objects.child_of(home).get(slug="courses"),
        case_index=CaseStudyIndexPage.objects.child_of(home).get(slug="case-studies"),
    )
    # The measured course starts small: one module, one cohort, one case study.
    site.course = add_course(site, modules=1, cohorts=1, english=True)
    site.course.hero_image = make_image()
    site.course.save_revision().publish()
    site.module = site.course.get_children().specific().first()
    site.case_study = add_case_study(site, [site.course])
    for number in range(courses - 1):
        course = add_course(site, english=number % 2 == 0)
        add_case_study(site, [course])
    for homepage in (home, english_home):
        homepage = HomePage.objects.get(pk=homepage.pk)
        homepage.featured_courses = [
            HomePageFeaturedCourse(course=course, sort_order=order)
            for order, course in enumerate(site.courses[:3])
        ]
        homepage.save_revision().publish()
    add_completed_learners(site.courses[1], 3)
    return site


def grow_site(site: ScaleSite, courses: int = 45) -> None:
    """More courses everywhere, and more of everything on the measured pages."""
    for number in range(courses):
        course = add_course(site, english=number % 3 == 0)
        add_case_study(site, [course, site.course], partners=3)
    for _ in range(7):
        add_module(site.course)
    for _ in range(4):
        add_cohort(site.course)
    site.case_study.partner_agencies.set(Agency.objects.all()[:6])
    site.case_study.provinces.set(Province.objects.all()[:10])
    site.case_study.related_courses.set(site.courses[:8])
    site.case_study.save_revision().publish()
    add_completed_learners(site.courses[2], 10)
