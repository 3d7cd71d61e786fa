"""Plain test data builders: `make_<thing>(**overrides)` with sensible Thai defaults.

Pages are built as the demo builds them (cms/demo.py, demo/content/): a Thai page and its
published English translation, under a Thai home and its English translation. A test of what
happens when a page has no English translation says so: `make_course(english=None)`.
"""

import datetime
import itertools

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from accounts.models import Role, User
from cms.models import CourseIndexPage, CoursePage, HomePage, ModulePage

_numbers = itertools.count(1)


def make_user(role: str | None = Role.LEARNERS, **overrides) -> User:
    number = next(_numbers)
    fields = {
        "username": f"user{number}",
        "email": f"user{number}@agency.go.th",
        "title_th": "นางสาว",
        "first_name_th": "สมศรี",
        "last_name_th": f"ใจดี{number}",
        "title_en": "Ms",
        "first_name": "Somsri",
        "last_name": f"Jaidee{number}",
    }
    fields.update(overrides)
    password = fields.pop("password", "correct horse battery staple")
    user = User(**fields)
    user.set_password(password)
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_learner(**overrides) -> User:
    return make_user(Role.LEARNERS, **overrides)


def make_trainer(**overrides) -> User:
    return make_user(Role.TRAINERS, **overrides)


def make_opdc_staff(**overrides) -> User:
    return make_user(Role.OPDC_STAFF, **overrides)


def make_home(**overrides) -> HomePage:
    """The Thai home page as the default site's root (replacing Wagtail's welcome page), and
    its English translation. Returns the Thai page."""
    existing = HomePage.objects.filter(locale__language_code="th").first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for page in Page.objects.child_of(root):
        page.delete()
    fields = {"title": "Gov Lab", "slug": "home", "locale": Locale.objects.get(language_code="th")}
    fields.update(overrides)
    home = HomePage(**fields)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Gov Lab"
    )
    make_english(home, title="Gov Lab (English)")
    return home


def make_course_index(**overrides) -> CourseIndexPage:
    home = make_home()
    existing = CourseIndexPage.objects.child_of(home).filter(slug="courses").first()
    if existing:
        return existing
    index = CourseIndexPage(title="หลักสูตร", slug="courses", **overrides)
    home.add_child(instance=index)
    index.save_revision().publish()
    make_english(index, title="Courses")
    return index


_ENGLISH = object()


def _with_english(page, english, default_title: str):
    """Publish the page's English translation (`english`: its fields; None for none)."""
    if english is None:
        return page
    if english is _ENGLISH:
        english = {}
    make_english(page, **{"title": default_title, **english})
    return page


def make_course(english=_ENGLISH, **overrides) -> CoursePage:
    """A published Thai course and its published English translation (`english`: fields of
    the translation; None: a course with no English translation). Returns the Thai page, the
    one cohorts point to."""
    number = next(_numbers)
    parent = overrides.pop("parent", None) or make_course_index()
    fields = {
        "title": f"การออกแบบบริการภาครัฐ {number}",
        "slug": f"course-{number}",
        "summary": "เรียนรู้การออกแบบบริการโดยยึดประชาชนเป็นศูนย์กลาง",
        "duration_hours": 12,
    }
    fields.update(overrides)
    course = CoursePage(**fields)
    parent.add_child(instance=course)
    course.save_revision().publish()
    return _with_english(course, english, f"Public Service Design {number}")


def make_module(course: CoursePage, english=_ENGLISH, **overrides) -> ModulePage:
    """A published Thai module of the (Thai) course and its English translation under the
    course's English translation (`english` as for make_course)."""
    number = next(_numbers)
    fields = {"title": f"บทเรียนที่ {number}", "slug": f"module-{number}", "estimated_minutes": 30}
    fields.update(overrides)
    module = ModulePage(**fields)
    course.add_child(instance=module)
    module.save_revision().publish()
    return _with_english(module, english, f"Lesson {number}")


def days_from_now(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def make_case_study_index():
    from cms.models import CaseStudyIndexPage

    home = make_home()
    existing = CaseStudyIndexPage.objects.child_of(home).filter(slug="case-studies").first()
    if existing:
        return existing
    index = CaseStudyIndexPage(title="กรณีศึกษา", slug="case-studies")
    home.add_child(instance=index)
    index.save_revision().publish()
    make_english(index, title="Case studies")
    return index


def make_case_study(english=_ENGLISH, **overrides):
    """A published case study (a prototype of the scale-up tracker) and its English
    translation (`english` as for make_course)."""
    from cms.models import CaseStudyPage

    number = next(_numbers)
    fields = {
        "title": f"ต้นแบบบริการ {number}",
        "slug": f"case-{number}",
        "problem": "<p>ประชาชนต้องมาหลายครั้ง</p>",
        "stage": "idea",
    }
    fields.update(overrides)
    page = CaseStudyPage(**fields)
    make_case_study_index().add_child(instance=page)
    page.save_revision().publish()
    return _with_english(page, english, f"Service prototype {number}")


def make_agency(name_en: str = "Department of Lands", **overrides):
    from cms.models import Agency

    fields = {"name_th": f"หน่วยงาน {name_en}"}
    fields.update(overrides)
    return Agency.objects.get_or_create(name_en=name_en, defaults=fields)[0]


def translate(page, **english_fields):
    """The page's published English translation with `english_fields` (make_english)."""
    return make_english(page, **english_fields)


def make_english(page, **fields):
    """The page's published English translation, as the demo builds it (cms/demo.py): a copy
    for the English locale under the parent's English translation (the English home first)."""
    english_locale = Locale.objects.get(language_code="en")
    page = page.specific
    existing = page.get_translations().filter(locale=english_locale).first()
    if existing is None:
        parent = page.get_parent()
        if parent.depth > 1 and not parent.get_translations(inclusive=True).filter(
            locale=english_locale
        ):
            make_english(parent)
        existing = page.copy_for_translation(english_locale, copy_parents=True)
    english = existing.specific
    for name, value in fields.items():
        setattr(english, name, value)
    english.save_revision().publish()
    return english


def make_bilingual_home() -> tuple[HomePage, HomePage]:
    """The Thai home page and its English translation, as in the demo."""
    home = make_home()
    return home, make_english(home, title="Gov Lab (English)")


def make_bilingual(make, th: dict | None = None, en: dict | None = None):
    """A page made by `make(**th)` (make_course, make_case_study, ...) in the bilingual tree,
    and its English translation with the `en` fields: returns (thai, english)."""
    make_bilingual_home()
    thai = make(**(th or {}))
    return thai, make_english(thai, **(en or {}))


def make_bilingual_course(en_title: str | None = None, **overrides) -> CoursePage:
    """A published Thai course page and its published English translation titled `en_title`
    (make_course with an English title of the test's choosing). Returns the Thai page."""
    slug = overrides.setdefault("slug", f"course-{next(_numbers)}")
    return make_course(english={"title": en_title or f"Public Service Design {slug}"}, **overrides)
