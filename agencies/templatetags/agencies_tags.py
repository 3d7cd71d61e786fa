"""Nominations on "My learning" (the lms layer's page): `{% load agencies_tags %}`
`{% my_nominations %}`."""

import datetime

from django import template
from django.utils import timezone

from agencies.models import Nomination
from cms.catalogue import in_visitors_language

register = template.Library()

# Answered nominations stay on "My learning" this long, so the person sees what became of them.
ANSWERED_SHOWN_FOR = datetime.timedelta(days=30)


@register.inclusion_tag("agencies/my_nominations.html", takes_context=True)
def my_nominations(context):
    """The person's nominations waiting for an answer, and those decided in the last month
    (three queries)."""
    request = context["request"]
    now = timezone.now()
    nominations = list(
        Nomination.objects.for_nominee(request.user)
        .exclude(decided_at__lt=now - ANSWERED_SHOWN_FOR)
        .select_related("cohort", "cohort__course", "cohort__course__locale", "agency")
        .order_by("respond_by", "pk")
    )
    translated = in_visitors_language({n.cohort.course for n in nominations})
    today = timezone.localdate(now)
    for nomination in nominations:
        course = nomination.cohort.course
        nomination.course_page = translated.get(course.translation_key, course)
        nomination.can_answer = (
            nomination.status == Nomination.Status.NOMINATED and not nomination.is_overdue(today)
        )
    return {"nominations": nominations, "request": request}
