"""The JSON API at /api/v1/, with its OpenAPI description at /api/v1/openapi.json.

django-ninja, because Wagtail 8 already brings it (its own API v3 is built on it): one API
framework in the project, typed schemas, and the OpenAPI document generated from them.
"""

import datetime

from django.utils import translation
from ninja import NinjaAPI, Schema
from wagtail.models import Locale

from cms.models import CoursePage
from courses.models import Cohort

api = NinjaAPI(
    title="Gov Lab LMS API",
    version="1",
    description="Courses and cohorts of Thailand's Government Innovation Lab (OPDC).",
    urls_namespace="api",
)


class CohortOut(Schema):
    code: str
    title: str
    start_date: datetime.date
    end_date: datetime.date
    delivery_mode: str
    capacity: int
    seats_left: int
    approval_required: bool


class CourseOut(Schema):
    id: int
    language: str
    title: str
    summary: str
    url: str
    duration_hours: int
    delivery_mode: str
    level: str
    translation_key: str
    cohorts: list[CohortOut]


@api.get("/courses/", response=list[CourseOut], tags=["catalogue"], summary="Published courses")
def list_courses(request, language: str = "th"):
    """Published courses in one language (`th` or `en`) with their upcoming cohorts and seats left."""
    language = "en" if language == "en" else "th"
    locale = Locale.objects.filter(language_code=language).first()
    courses = list(CoursePage.objects.live().public().filter(locale=locale).order_by("title"))
    today = datetime.date.today()
    # Cohorts belong to the Thai course page; look them up once for every course.
    cohorts_by_key: dict = {}
    for cohort in (
        Cohort.objects.filter(end_date__gte=today).select_related("course").order_by("start_date")
    ):
        cohorts_by_key.setdefault(str(cohort.course.translation_key), []).append(cohort)
    with translation.override(language):
        return [
            {
                "id": course.id,
                "language": language,
                "title": course.title,
                "summary": course.summary,
                "url": course.get_full_url(request),
                "duration_hours": course.duration_hours,
                "delivery_mode": course.delivery_mode,
                "level": course.level,
                "translation_key": str(course.translation_key),
                "cohorts": [
                    {
                        "code": cohort.code,
                        "title": cohort.title,
                        "start_date": cohort.start_date,
                        "end_date": cohort.end_date,
                        "delivery_mode": cohort.delivery_mode,
                        "capacity": cohort.capacity,
                        "seats_left": cohort.seats_left,
                        "approval_required": cohort.approval_required,
                    }
                    for cohort in cohorts_by_key.get(str(course.translation_key), [])
                ],
            }
            for course in courses
        ]
