"""The agency coordinator's area on the public site ("my agency"): the staff of the agencies
they coordinate and each person's training (requests, enrolments, progress, attendance,
hours, certificates), read only. Every page of other people's data is recorded in
`AccessRecord` (who, when, whose, what)."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from accounts.models import User
from accounts.roles import coordinated_agencies
from agencies.models import AccessRecord
from certificates.models import Certificate
from cms.catalogue import in_visitors_language
from courses import completion
from courses.models import Enrollment
from thai.numbers import LARGEST_ID, read_int

STAFF_PER_PAGE = 50


# Staff in the alphabetical order of the names the page shows: Thai names on /th/, English
# names on /en/ (each falling back on the other for a person without one).
_NAME_ORDER = {
    "th": ("first_name_th", "last_name_th", "first_name", "pk"),
    "en": ("first_name", "last_name", "first_name_th", "pk"),
}


def _agencies_or_refuse(request):
    agencies = list(coordinated_agencies(request.user))
    if not agencies:
        if getattr(request.user, "second_factor_missing", False):
            raise PermissionDenied  # the two-factor middleware asks for the code
        raise PermissionDenied("not a coordinator")
    return agencies


def _count(status_filter):
    return Subquery(
        Enrollment.objects.filter(learner=OuterRef("pk"), **status_filter)
        .values("learner")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


def _valid_certificates():
    return Certificate.objects.filter(
        enrollment__learner=OuterRef("pk"), status=Certificate.Status.VALID
    ).values("enrollment__learner")


@login_required
def staff(request):
    agencies = _agencies_or_refuse(request)
    chosen = read_int(request.GET.get("agency"), minimum=1, maximum=LARGEST_ID)
    agency = next((a for a in agencies if a.pk == chosen), agencies[0])
    query = request.GET.get("q", "").strip()[:100]
    people = User.objects.filter(agency=agency, is_active=True).select_related("province")
    if query:
        people = people.filter(
            Q(first_name_th__icontains=query)
            | Q(last_name_th__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    people = people.annotate(
        requests=Coalesce(
            _count(
                {
                    "status__in": [
                        Enrollment.Status.AGENCY_PENDING,
                        Enrollment.Status.PENDING,
                        Enrollment.Status.WAITLISTED,
                    ]
                }
            ),
            0,
        ),
        seated=Coalesce(_count({"status": Enrollment.Status.ENROLLED}), 0),
        completed=Coalesce(_count({"status": Enrollment.Status.COMPLETED}), 0),
        certificates=Coalesce(
            Subquery(_valid_certificates().annotate(n=Count("pk")).values("n")[:1]), 0
        ),
        hours=Coalesce(
            Subquery(_valid_certificates().annotate(h=Sum("hours")).values("h")[:1]),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
    ).order_by(*_NAME_ORDER.get(translation.get_language(), _NAME_ORDER["th"]))
    people_page = Paginator(people, STAFF_PER_PAGE).get_page(
        read_int(request.GET.get("page"), minimum=1)
    )
    AccessRecord.objects.create(
        viewer=request.user, agency=agency, what=AccessRecord.What.STAFF_LIST
    )
    return render(
        request,
        "agencies/staff.html",
        {"agencies": agencies, "agency": agency, "people_page": people_page, "query": query},
    )


@login_required
def person(request, pk: int):
    agencies = _agencies_or_refuse(request)
    someone = get_object_or_404(
        User.objects.select_related("agency", "province"),
        pk=pk,
        is_active=True,
        agency__in=agencies,
    )
    enrollments = list(
        Enrollment.objects.filter(learner=someone)
        .select_related("cohort", "cohort__course", "cohort__course__locale")
        .order_by("-cohort__start_date", "-pk")
    )
    progress = completion.progress_for([e for e in enrollments if e.status in Enrollment.SEATED])
    translated = in_visitors_language({e.cohort.course for e in enrollments})
    for enrollment in enrollments:
        course = enrollment.cohort.course
        enrollment.course_page = translated.get(course.translation_key, course)
        enrollment.progress = progress.get(enrollment.pk)
    certificates = list(
        Certificate.objects.filter(enrollment__learner=someone).order_by("-issued_at", "-pk")
    )
    AccessRecord.objects.create(
        viewer=request.user,
        person=someone,
        agency=someone.agency,
        what=AccessRecord.What.PERSON,
    )
    hours = sum((c.hours for c in certificates if c.status == Certificate.Status.VALID), Decimal(0))
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
