"""Trainer tools in the Wagtail admin: a cohort's roster (filters, search, approve and reject;
promote, remove and no-show behind a confirmation), its sessions, the history of who changed what, and exports.

Every view loads its cohort through `courses.views._get_cohort_for_user`, which only finds
cohorts the person trains (OPDC staff: all); a trainer of another cohort is refused. Wagtail's
admin itself sends people without admin access (learners, anonymous visitors) to its log-in page.
The roster's approve and reject buttons post to `courses.views.decide`, the attendance sheet is
in `courses.admin_attendance`, imports in `courses.admin_imports`.
"""

import dataclasses
import logging
from collections.abc import Callable
from itertools import chain

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from courses import admin_quotas, enrolment, exports
from courses.models import Attendance, Cohort, Enrollment, RequestDecision, Session
from courses.views import _get_cohort_for_user
from thai.dates import format_date
from thai.numbers import read_int

Status = Enrollment.Status
ROSTER_PAGE_SIZE = 100
# Who looked at or took away a roster, when and which (PDPA): ids and codes only, never the
# learners' names or e-mails, nor the search text a trainer typed (it may be a name). The
# same record goes to Wagtail's audit log, where OPDC staff read it: the cohort's history and
# the site history report (filter by action "Roster viewed").
audit = logging.getLogger("courses.audit")
ROSTER_VIEWED = "courses.roster_viewed"
ROSTER_EXPORTED = "courses.roster_exported"


def _get_session_for_user(request, code: str, session_code: str) -> tuple[Cohort, Session]:
    cohort = _get_cohort_for_user(request, code)
    return cohort, get_object_or_404(Session, cohort=cohort, code=session_code)


# Roster -----------------------------------------------------------------------------------


def _page_number(request) -> int:
    """The roster page asked for (Thai digits too); anything that is not a page number is 1."""
    return read_int(request.GET.get("p"), minimum=1, maximum=10**6) or 1


def roster(request, code: str):
    cohort = _get_cohort_for_user(
        request,
        code,
        cohorts=Cohort.objects.select_related("course").annotate(session_count=Count("sessions")),
    )
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    audit.info(
        "roster viewed: user=%s cohort=%s status_filter=%s searched=%s",
        request.user.pk,
        cohort.code,
        status or "all",
        bool(query),
    )
    log(
        cohort,
        ROSTER_VIEWED,
        user=request.user,
        data={
            "status_filter": status if status in Status.values else "all",
            "searched": bool(query),
        },
    )
    enrollments = (
        Enrollment.objects.filter(cohort=cohort)
        .select_related("learner", "learner__agency", "status_changed_by")
        # Who decided the request at each stage, when and why (two-stage approval).
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=RequestDecision.objects.select_related("by").order_by("at", "pk"),
                to_attr="decision_history",
            )
        )
        .annotate(
            attended=Count(
                "attendances",
                filter=Q(
                    attendances__status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE]
                ),
            )
        )
        .order_by("requested_at", "pk")
    )
    if status in Status.values:
        enrollments = enrollments.filter(status=status)
    if query:
        enrollments = enrollments.filter(
            Q(learner__email__icontains=query)
            | Q(learner__first_name_th__icontains=query)
            | Q(learner__last_name_th__icontains=query)
            | Q(learner__first_name__icontains=query)
            | Q(learner__last_name__icontains=query)
        )
    # Fetch one row more than a page to know whether there is a next page, without a COUNT.
    number = _page_number(request)
    offset = (number - 1) * ROSTER_PAGE_SIZE
    rows = list(enrollments[offset : offset + ROSTER_PAGE_SIZE + 1])
    page = {
        "rows": rows[:ROSTER_PAGE_SIZE],
        "number": number,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if len(rows) > ROSTER_PAGE_SIZE else None,
    }
    counts = dict(
        Enrollment.objects.filter(cohort=cohort)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    filters = [("", _("All"), sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in Status.choices
    ]
    # Only the learner who has waited longest can be promoted by hand (courses.enrolment.promote).
    first_waiting = (
        Enrollment.objects.filter(cohort=cohort, status=Status.WAITLISTED)
        .order_by("requested_at", "pk")
        .values_list("pk", flat=True)
        .first()
        if counts.get(Status.WAITLISTED)
        else None
    )
    return TemplateResponse(
        request,
        "courses/admin/roster.html",
        {
            "cohort": cohort,
            "first_waiting": first_waiting,
            "started": timezone.localdate() >= cohort.start_date,
            "page": page,
            "filters": filters,
            "status": status,
            "query": query,
            "session_count": cohort.session_count,  # type: ignore[attr-defined]
            "quota_rows": admin_quotas.quota_rows(cohort),
            "page_title": _("Roster"),
            "tab": "roster",
        },
    )


# A trainer's promote, remove and no-show: a confirmation page (GET), then the change (POST).


@dataclasses.dataclass(frozen=True)
class _EnrolmentAction:
    run: Callable[..., Enrollment]
    title: str | Promise
    explain: str | Promise  # %(learner)s
    button: str | Promise


_ENROLMENT_ACTIONS = {
    "promote": _EnrolmentAction(
        run=enrolment.promote,
        title=gettext_lazy("Promote from the waitlist"),
        explain=gettext_lazy(
            "%(learner)s has waited longest. Promoting them enrols them now and adds a seat "
            "if the cohort is full. They are told by e-mail."
        ),
        button=gettext_lazy("Promote and add a seat if needed"),
    ),
    "remove": _EnrolmentAction(
        run=enrolment.remove,
        title=gettext_lazy("Remove from the cohort"),
        explain=gettext_lazy(
            "%(learner)s loses their seat, which goes to the first person on the waitlist. "
            "They are told by e-mail and cannot enrol in this cohort again by themselves."
        ),
        button=gettext_lazy("Remove from the cohort"),
    ),
    "no-show": _EnrolmentAction(
        run=enrolment.mark_no_show,
        title=gettext_lazy("Mark as a no-show"),
        explain=gettext_lazy(
            "%(learner)s is recorded as not attending. Their seat goes to the first person on "
            "the waitlist; they are told by e-mail."
        ),
        button=gettext_lazy("Mark as a no-show"),
    ),
}


def enrolment_action(request, code: str, enrollment_id: int, action: str):
    cohort = _get_cohort_for_user(request, code)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("learner", "cohort"), pk=enrollment_id, cohort=cohort
    )
    spec = _ENROLMENT_ACTIONS.get(action)
    if spec is None:
        raise Http404
    roster_url = reverse("courses_admin_roster", args=[cohort.code])
    if request.method == "POST":
        try:
            enrollment = spec.run(enrollment, request.user)
        except enrolment.EnrolmentRefused as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(
                request,
                _("%(learner)s: %(status)s")
                % {
                    "learner": enrollment.learner.display_name,
                    "status": enrollment.get_status_display(),
                },
            )
        return redirect(roster_url)
    return TemplateResponse(
        request,
        "courses/admin/enrolment_action.html",
        {
            "cohort": cohort,
            "enrollment": enrollment,
            "explain": spec.explain % {"learner": enrollment.learner.display_name},
            "button": spec.button,
            "roster_url": roster_url,
            "page_title": spec.title,
            "tab": "roster",
        },
    )


# Sessions ---------------------------------------------------------------------------------


_LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "title",
            "title_en",
            "starts_at",
            "ends_at",
            "late_after_minutes",
            "venue",
            "venue_en",
            "online_link",
        ]
        # The browser's own date-time picker: Wagtail's AdminDateTimeInput renders an inline
        # <script> that a nonce-based Content-Security-Policy would block.
        widgets = {"starts_at": _LOCAL_DATETIME, "ends_at": _LOCAL_DATETIME}
        # The start's help text names the cohort's dates (`__init__`).
        help_texts = {"title": gettext_lazy("e.g. วันที่ 1: เข้าใจปัญหา")}

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["starts_at"].help_text = (
            _("Bangkok time. The cohort runs from %(start)s to %(end)s.") % self._cohort_dates()
        )

    def _cohort_dates(self) -> dict[str, str]:
        # The reader's language: Buddhist-era years in Thai.
        return {
            "start": format_date(self.cohort.start_date),
            "end": format_date(self.cohort.end_date),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        # A session outside the cohort's dates would count towards completion after the
        # cohort has ended (My learning showed a completion date past its end).
        cohort = self.cohort
        for name in ("starts_at", "ends_at"):
            when = cleaned.get(name)
            if when and not cohort.start_date <= timezone.localdate(when) <= cohort.end_date:
                self.add_error(
                    name,
                    _(
                        "The cohort runs from %(start)s to %(end)s: a session must start and "
                        "end within those dates. Change the session's date, or the cohort's "
                        "dates first."
                    )
                    % self._cohort_dates(),
                )
        return cleaned


def sessions(request, code: str):
    cohort = _get_cohort_for_user(request, code)
    rows = cohort.sessions.annotate(
        marked=Count("attendances"),
        attended=Count(
            "attendances",
            filter=Q(attendances__status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE]),
        ),
    ).order_by("starts_at")
    return TemplateResponse(
        request,
        "courses/admin/sessions.html",
        {"cohort": cohort, "sessions": rows, "page_title": _("Sessions"), "tab": "sessions"},
    )


def session_form(request, code: str, session_code: str | None = None):
    """Add a session (no `session_code`) or edit one."""
    cohort = _get_cohort_for_user(request, code)
    session = get_object_or_404(Session, cohort=cohort, code=session_code) if session_code else None
    form = SessionForm(request.POST or None, instance=session, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.cohort = cohort
        saved.save()
        messages.success(request, _("Session “%(title)s” saved.") % {"title": saved.title})
        return redirect("courses_admin_sessions", code=cohort.code)
    return TemplateResponse(
        request,
        "courses/admin/session_form.html",
        {
            "cohort": cohort,
            "form": form,
            "session": session,
            "page_title": _("Edit session") if session else _("Add a session"),
            "tab": "sessions",
        },
    )


def session_delete(request, code: str, session_code: str):
    """Ask first (GET), then delete (POST). A session with attendance marks is kept: they are
    the evidence for completion and certificates."""
    cohort, session = _get_session_for_user(request, code, session_code)
    marked = session.attendances.count()
    if request.method == "POST":
        if marked:
            messages.error(request, _("This session has attendance records and cannot be deleted."))
        else:
            session.delete()
            messages.success(request, _("Session “%(title)s” deleted.") % {"title": session.title})
        return redirect("courses_admin_sessions", code=cohort.code)
    return TemplateResponse(
        request,
        "courses/admin/session_delete.html",
        {
            "cohort": cohort,
            "session": session,
            "marked": marked,
            "page_title": _("Delete session"),
            "tab": "sessions",
        },
    )


# History ----------------------------------------------------------------------------------

HISTORY_LIMIT = 300


def history(request, code: str):
    """Who changed which enrolment or attendance mark, and when (newest first)."""
    cohort = _get_cohort_for_user(request, code)
    enrolment_rows = (
        Enrollment.history.filter(cohort_id=cohort.pk)
        .select_related("history_user", "learner")
        .order_by("-history_date")[:HISTORY_LIMIT]
    )
    attendance_rows = (
        Attendance.history.filter(session__cohort_id=cohort.pk)
        .select_related("history_user", "session", "enrollment__learner")
        .order_by("-history_date")[:HISTORY_LIMIT]
    )
    entries = []
    for row in chain(enrolment_rows, attendance_rows):
        is_attendance = isinstance(row, Attendance.history.model)
        learner = row.enrollment.learner if is_attendance else row.learner
        entries.append(
            {
                "when": row.history_date,
                "who": row.history_user,
                "learner": learner,
                "kind": _("Attendance") if is_attendance else _("Enrolment"),
                "session": row.session if is_attendance else None,
                "change": row.get_history_type_display(),
                "status": row.get_status_display(),
                "method": row.get_method_display(),
            }
        )
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return TemplateResponse(
        request,
        "courses/admin/history.html",
        {
            "cohort": cohort,
            "entries": entries[:HISTORY_LIMIT],
            "page_title": _("History"),
            "tab": "history",
        },
    )


# Exports ----------------------------------------------------------------------------------


def export(request, code: str, kind: str, file_format: str):
    cohort = _get_cohort_for_user(request, code)
    if kind not in ("roster", "attendance") or file_format not in ("csv", "xlsx"):
        raise Http404
    audit.info(
        "roster exported: user=%s cohort=%s kind=%s format=%s",
        request.user.pk,
        cohort.code,
        kind,
        file_format,
    )
    log(cohort, ROSTER_EXPORTED, user=request.user, data={"kind": kind, "format": file_format})
    return exports.export(cohort, kind, file_format)
