"""What the agencies app supplies to the courses app's workflows through Wagtail hooks (courses
cannot import agencies)."""

from wagtail import hooks

from agencies.models import Nomination
from courses.models import Enrollment
from courses.quotas import WAITLIST_FIRST_HOOK


@hooks.register(WAITLIST_FIRST_HOOK)
def nominated_staff_first(cohort_id: int) -> list[int]:
    """Waitlisted staff their agency nominated (and who accepted) get released reserved seats
    before everybody else."""
    nominees = Nomination.objects.filter(
        cohort_id=cohort_id, status=Nomination.Status.ACCEPTED
    ).values("nominee")
    return list(
        Enrollment.objects.waitlisted()
        .filter(cohort_id=cohort_id, learner__in=nominees)
        .values_list("pk", flat=True)
    )
