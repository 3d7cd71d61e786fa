"""Panels of the admin home (Wagtail's ``construct_homepage_panels`` hook).

A trainer's home shows their own cohorts that are running or coming (seats, pending requests,
every tool of the cohort), their next sessions (attendance sheet and QR screen), the requests
waiting for a decision and the learners at risk of not completing. OPDC staff get a panel
with the OPDC dashboard, its export and the personal data requests waiting for them.

"My cohorts" are the ones the person trains (``Cohort.trainers``), also for OPDC staff who
oversee every cohort: their home would otherwise list the whole country. Each panel reads a
bounded number of rows in a constant number of queries, whatever the number of cohorts.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component

from accounts.roles import is_opdc_staff, is_trainer
from cms.catalogue import in_visitors_language
from courses import completion
from courses.admin_tools import cohort_tools
from courses.models import Cohort, Enrollment, Session

MY_COHORTS_LIMIT = 10
NEXT_SESSIONS_LIMIT = 5
PENDING_LIMIT = 10
AT_RISK_LIMIT = 10
# OPDC's panel links to screens of the tracker and privacy apps by URL name only (they sit
# above courses): the data request list, filtered to what waits for a decision.
DATA_REQUESTS_URL_NAME = "privacy_datarequest:index"


class TrainerHome:
    """What the trainer panels of one request share: the person's current cohorts."""

    def __init__(self, request, now: datetime.datetime | None = None):
        self.request = request
        self.user = request.user
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    @cached_property
    def current_cohorts(self) -> list[Cohort]:
        """The person's cohorts that have not ended, soonest first, at most a page of them;
        one more row is read to know whether there are more."""
        return list(
            Cohort.objects.filter(trainers=self.user, end_date__gte=self.today)
            .select_related("course")
            .annotate(
                pending=Count(
                    "enrollments", filter=Q(enrollments__status=Enrollment.Status.PENDING)
                )
            )
            .order_by("start_date", "pk")[: MY_COHORTS_LIMIT + 1]
        )

    @cached_property
    def shown_cohorts(self) -> list[Cohort]:
        return self.current_cohorts[:MY_COHORTS_LIMIT]


class _TrainerPanel(Component):
    def __init__(self, home: TrainerHome):
        self.home = home

    def get_context_data(self, parent_context=None):
        return {
            "request": self.home.request,
            "csrf_token": (parent_context or {}).get("csrf_token"),
            "today": self.home.today,
        }


class MyCohortsPanel(_TrainerPanel):
    name = "my_cohorts"
    template_name = "courses/admin/home/my_cohorts.html"
    order = 50

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        cohorts = self.home.shown_cohorts
        tools = cohort_tools(cohorts)
        # The course in the admin's language, all of them in one query.
        translated = in_visitors_language([cohort.course for cohort in cohorts])
        context["rows"] = [
            {
                "cohort": cohort,
                "course_title": translated.get(cohort.course.translation_key, cohort.course).title,
                "running": cohort.start_date <= self.home.today,
                "pending": cohort.pending,  # type: ignore[attr-defined]
                "tools": tools[cohort.pk],
            }
            for cohort in cohorts
        ]
        context["more"] = len(self.home.current_cohorts) > MY_COHORTS_LIMIT
        return context


class NextSessionsPanel(_TrainerPanel):
    name = "next_sessions"
    template_name = "courses/admin/home/next_sessions.html"
    order = 51

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        sessions = list(
            Session.objects.filter(cohort__trainers=self.home.user, ends_at__gte=self.home.now)
            .select_related("cohort__course")
            .order_by("starts_at", "pk")[:NEXT_SESSIONS_LIMIT]
        )
        # Each with its course, in the admin's language (one query): a trainer runs cohorts of
        # the same name in several courses.
        translated = in_visitors_language([session.cohort.course for session in sessions])
        for session in sessions:
            course = session.cohort.course
            session.course_title = translated.get(  # type: ignore[attr-defined]
                course.translation_key, course
            ).title
        context["sessions"] = sessions
        context["now"] = self.home.now
        return context


class PendingRequestsPanel(_TrainerPanel):
    name = "pending_requests"
    template_name = "courses/admin/home/pending_requests.html"
    order = 52

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        pending = Enrollment.objects.filter(
            cohort__trainers=self.home.user, status=Enrollment.Status.PENDING
        )
        context["requests"] = list(
            pending.select_related("learner", "learner__agency", "cohort").order_by(
                "requested_at", "pk"
            )[:PENDING_LIMIT]
        )
        context["total"] = pending.count()
        context["home_url"] = reverse("wagtailadmin_home")
        return context


class AtRiskPanel(_TrainerPanel):
    name = "learners_at_risk"
    template_name = "courses/admin/home/at_risk.html"
    order = 53

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        running = [c for c in self.home.shown_cohorts if c.start_date <= self.home.today]
        at_risk = completion.at_risk_enrollments(running, self.home.now) if running else []
        context["learners"] = at_risk[:AT_RISK_LIMIT]
        context["total"] = len(at_risk)
        return context


class OpdcPanel(Component):
    name = "opdc_oversight"
    template_name = "courses/admin/home/opdc.html"
    order = 40

    def get_context_data(self, parent_context=None):
        return {
            "dashboard_url": reverse("opdc_dashboard"),
            "export_url": reverse("opdc_dashboard_export") + "?format=xlsx",
            "data_requests_url": reverse(DATA_REQUESTS_URL_NAME) + "?status=pending",
            "cohorts_url": reverse("courses_cohort:index"),
        }


def add_panels(request, panels: list) -> None:
    user = request.user
    if is_opdc_staff(user):
        panels.append(OpdcPanel())
    if is_trainer(user) or user.trained_cohorts.exists():
        home = TrainerHome(request)
        panels.extend(
            [
                MyCohortsPanel(home),
                NextSessionsPanel(home),
                PendingRequestsPanel(home),
                AtRiskPanel(home),
            ]
        )
