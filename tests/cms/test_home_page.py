"""The home page: featured courses, open cohorts, latest case studies and the two figures."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from cms.demo import bilingual_child, load_sections, load_site
from cms.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CourseIndexPage,
    CoursePage,
    HomePage,
    HomePageFeaturedCourse,
)
from courses.models import Enrollment
from tests.certificates.factories import make_enrollment
from tests.courses.helpers import make_cohort
from tests.factories import days_from_now, make_learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    home, english_home = load_site()
    load_sections(home)
    return home, english_home


def _course(site, slug, th_title, en_title=None):
    index = CourseIndexPage.objects.child_of(site[0]).get()
    thai, english = bilingual_child(
        index,
        CoursePage,
        slug,
        th={"title": th_title, "summary": "สรุป"},
        en={"title": en_title or f"EN {th_title}", "summary": "Summary"},
    )
    return thai, english


def _case(site, slug, stage, th_title="กรณีศึกษา"):
    index = CaseStudyIndexPage.objects.child_of(site[0]).get()
    return bilingual_child(
        index,
        CaseStudyPage,
        slug,
        th={"title": th_title, "problem": "<p>ปัญหา</p>"},
        en={"title": f"EN {th_title}", "problem": "<p>Problem</p>"},
        stage=stage,
    )


def _feature(home, courses):
    home = HomePage.objects.get(pk=home.pk)
    home.featured_courses = [
        HomePageFeaturedCourse(course=course, sort_order=order)
        for order, course in enumerate(courses)
    ]
    home.save_revision().publish()


def test_it_shows_the_editors_featured_courses_in_order_in_each_language(client, site):
    first = _course(site, "first", "หลักสูตรแรก", "First course")
    second = _course(site, "second", "หลักสูตรที่สอง", "Second course")
    _course(site, "third", "หลักสูตรที่สาม", "Third course")
    # Chosen on the Thai home page only, in Thai: the English home shows the English versions.
    _feature(site[0], [second[0], first[0]])
    _feature(site[1], [second[0], first[0]])

    thai = client.get("/th/").context["featured_courses"]
    english = client.get("/en/").context["featured_courses"]

    assert [course.title for course in thai] == ["หลักสูตรที่สอง", "หลักสูตรแรก"]
    assert [course.title for course in english] == ["Second course", "First course"]


def test_without_a_choice_it_features_the_newest_courses(client, site):
    for number in range(5):
        _course(site, f"course-{number}", f"หลักสูตร {number}")

    featured = client.get("/th/").context["featured_courses"]

    assert [course.title for course in featured] == ["หลักสูตร 4", "หลักสูตร 3", "หลักสูตร 2"]


def test_it_lists_only_cohorts_open_for_enrolment_with_the_course_in_the_visitors_language(
    client, site
):
    thai, _english = _course(site, "design", "การออกแบบบริการ", "Service design")
    make_cohort(
        course=thai, title="รุ่นเปิดรับ", start_date=days_from_now(10), end_date=days_from_now(12)
    )
    make_cohort(
        course=thai, title="รุ่นที่ผ่านมา", start_date=days_from_now(-10), end_date=days_from_now(-8)
    )

    thai_html = client.get("/th/").content.decode()
    english_html = client.get("/en/").content.decode()

    assert "รุ่นเปิดรับ" in thai_html and "การออกแบบบริการ" in thai_html
    assert "รุ่นที่ผ่านมา" not in thai_html
    assert 'href="/en/courses/design/">Service design</a>' in english_html


def test_it_says_so_when_no_cohort_is_open(client, site):
    with translation.override("th"):
        expected = translation.gettext(
            "No cohort is open for enrolment right now. New cohorts are announced here."
        )
    assert expected in client.get("/th/").content.decode()


def test_people_trained_counts_each_learner_with_a_completed_course_once(client, site):
    thai, _english = _course(site, "design", "การออกแบบบริการ")
    cohort = make_cohort(course=thai, start_date=days_from_now(-9), end_date=days_from_now(-8))
    twice = make_learner()
    make_enrollment(cohort=cohort, learner=twice)
    make_enrollment(cohort=make_cohort(course=thai), learner=twice)
    make_enrollment(cohort=cohort, learner=make_learner())
    make_enrollment(cohort=cohort, learner=make_learner(), status=Enrollment.Status.ENROLLED)

    html = client.get("/en/").content.decode()

    assert "<strong>2</strong> people trained" in html


def test_prototypes_scaling_counts_each_case_study_once_whatever_its_languages(client, site):
    _case(site, "scaling", CaseStudyPage.Stage.SCALING)
    _case(site, "everyday", CaseStudyPage.Stage.INSTITUTIONALISED)
    _case(site, "pilot", CaseStudyPage.Stage.PILOT)

    response = client.get("/en/")

    assert response.context["prototypes_scaling"] == 2
    assert "<strong>2</strong> prototypes scaling up" in response.content.decode()
    assert [case.title for case in response.context["latest_case_studies"]] == [
        "EN กรณีศึกษา",
        "EN กรณีศึกษา",
        "EN กรณีศึกษา",
    ]


def test_the_demo_home_pages_feature_courses_in_both_languages(client, settings):
    from cms import demo

    demo.load()
    demo.load_home_features()
    english = client.get("/en/")
    thai = client.get("/th/")

    assert len(english.context["featured_courses"]) == 3
    assert all(
        c.locale == Locale.objects.get(language_code="en")
        for c in english.context["featured_courses"]
    )
    assert [c.translation_key for c in thai.context["featured_courses"]] == [
        c.translation_key for c in english.context["featured_courses"]
    ]
    assert len(thai.context["latest_case_studies"]) == 3
