"""What the agencies app supplies to the courses app's workflows through Wagtail hooks (courses
cannot import agencies), and the OPDC staff's "Seats by agency" report in the admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.roles import is_opdc_staff
from agencies import report_views
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


class _OpdcStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_opdc_staff(request.user)


@hooks.register("register_admin_urls")
def register_seat_report_urls():
    return [
        path("agency-seats/", report_views.staff_report, name="agency_seat_report"),
        path(
            "agency-seats/export/",
            report_views.staff_report_export,
            name="agency_seat_report_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_seat_report_menu_item():
    return _OpdcStaffMenuItem(
        _("Seats by agency"), reverse("agency_seat_report"), icon_name="group", order=51
    )
