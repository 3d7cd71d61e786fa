"""The agency coordinator's area on the public site ("my agency"): the staff of the agencies
they coordinate and each person's training (requests, enrolments, progress, attendance,
hours, certificates), read only. Every page of other people's data is recorded in
`AccessRecord` (who, when, whose, what)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from accounts.roles import coordinated_agencies
from agencies.models import AccessRecord
from agencies.staff import person_of, record_access, staff_of, training_of
from cms.catalogue import in_visitors_language
from thai.numbers import LARGEST_ID, read_int

STAFF_PER_PAGE = 50


def _agencies_or_refuse(request):
    agencies = list(coordinated_agencies(request.user))
    if not agencies:
        if getattr(request.user, "second_factor_missing", False):
            raise PermissionDenied  # the two-factor middleware asks for the code
        raise PermissionDenied("not a coordinator")
    return agencies


@login_required
def staff(request):
    agencies = _agencies_or_refuse(request)
    chosen = read_int(request.GET.get("agency"), minimum=1, maximum=LARGEST_ID)
    agency = next((a for a in agencies if a.pk == chosen), agencies[0])
    query = request.GET.get("q", "").strip()[:100]
    people = staff_of(agency, query)
    people_page = Paginator(people, STAFF_PER_PAGE).get_page(
        read_int(request.GET.get("page"), minimum=1)
    )
    record_access(request.user, agency, AccessRecord.What.STAFF_LIST)
    return render(
        request,
        "agencies/staff.html",
        {"agencies": agencies, "agency": agency, "people_page": people_page, "query": query},
    )


@login_required
def person(request, pk: int):
    agencies = _agencies_or_refuse(request)
    someone = person_of(agencies, pk)
    if someone is None:
        raise Http404
    enrollments, certificates, hours = training_of(someone)
    translated = in_visitors_language({e.cohort.course for e in enrollments})
    for enrollment in enrollments:
        course = enrollment.cohort.course
        enrollment.course_page = translated.get(course.translation_key, course)  # type: ignore[attr-defined]
    record_access(request.user, someone.agency, AccessRecord.What.PERSON, person=someone)
    return render(
        request,
        "agencies/person.html",
        {
            "someone": someone,
            "enrollments": enrollments,
            "certificates": certificates,
            "hours": hours,
            "agencies": agencies,
        },
    )
