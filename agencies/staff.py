"""An agency's staff and their training, as the coordinator's screens (agencies/views.py) and
the API (agencies/api.py) both show them: the same people, the same figures, and an
`AccessRecord` for each look at other people's training records (PDPA accountability)."""

from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import translation

from accounts.models import User
from agencies.models import AccessRecord
from certificates.models import Certificate
from courses import completion
from courses.models import Enrollment

# Staff in the alphabetical order of the names shown: Thai names in Thai, English names in
# English (each falling back on the other for a person without one).
_NAME_ORDER = {
    "th": ("first_name_th", "last_name_th", "first_name", "pk"),
    "en": ("first_name", "last_name", "first_name_th", "pk"),
}


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


def staff_of(agency, query: str = ""):
    """The agency's active staff (matching `query` in a name or an address), each with their
    requests waiting, seats, completions, valid certificates and learning hours, in the
    order of their names in the active language."""
    people = User.objects.filter(agency=agency, is_active=True).select_related("province")
    if query:
        people = people.filter(
            Q(first_name_th__icontains=query)
            | Q(last_name_th__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return people.annotate(
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


def person_of(agencies, pk: int) -> User | None:
    """The active person `pk` on the staff of one of `agencies`; None for anyone else."""
    return (
        User.objects.select_related("agency", "province")
        .filter(pk=pk, is_active=True, agency__in=agencies)
        .first()
    )


def training_of(someone: User) -> tuple[list[Enrollment], list[Certificate], Decimal]:
    """The person's enrolments, newest cohort first, each with `progress` (attendance and
    modules, for those seated; None otherwise); their certificates, newest first; and the
    hours of their valid certificates."""
    enrollments = list(
        Enrollment.objects.filter(learner=someone)
        .select_related("cohort", "cohort__course", "cohort__course__locale")
        .order_by("-cohort__start_date", "-pk")
    )
    progress = completion.progress_for([e for e in enrollments if e.status in Enrollment.SEATED])
    for enrollment in enrollments:
        enrollment.progress = progress.get(enrollment.pk)  # type: ignore[attr-defined]
    certificates = list(
        Certificate.objects.filter(enrollment__learner=someone).order_by("-issued_at", "-pk")
    )
    hours = sum((c.hours for c in certificates if c.status == Certificate.Status.VALID), Decimal(0))
    return enrollments, certificates, hours


def record_access(viewer, agency, what: str, person: User | None = None) -> AccessRecord:
    """Who looked at what of whose training records, before it is shown."""
    return AccessRecord.objects.create(viewer=viewer, agency=agency, what=what, person=person)
