"""A session's attendance sheet in the Wagtail admin: every seated learner with their mark, and
bulk marking (tick many, then present / late / absent / excused).

A mark is one `Attendance` per enrolment per session: marking again updates it (method
"trainer", the trainer as `recorded_by` and as the history row's actor) instead of adding one.
"""

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from courses import completion
from courses.admin_views import _get_session_for_user
from courses.models import Attendance, Enrollment, Session
from thai.numbers import ChoicesByIdMixin


def _after_attendance_saved(enrollments: list[Enrollment], by) -> None:
    """THE single place where work that follows a change of attendance marks is started.

    Called once per bulk marking, after the marks are saved (inside the same transaction): a
    learner whose marks now meet the cohort's rule is completed (and gets the certificate)."""
    for enrollment in enrollments:
        completion.update_completion(enrollment, by=by)


def mark(session: Session, enrollments: list[Enrollment], status: str, *, by) -> int:
    """Give each enrolment `status` for `session`, creating or updating its one mark.
    Returns how many marks were written."""
    if not enrollments:
        return 0
    for attempt in range(2):
        try:
            with transaction.atomic():
                _mark(session, enrollments, status, by)
                _after_attendance_saved(enrollments, by)
            return len(enrollments)
        except IntegrityError:
            # A learner's QR check-in created a mark between our read and our insert: the
            # second attempt finds and updates it.
            if attempt:
                raise
    return 0  # pragma: no cover - the loop returns or raises


def _mark(session: Session, enrollments: list[Enrollment], status: str, by) -> None:
    now = timezone.now()
    existing = {
        attendance.enrollment_id: attendance
        for attendance in Attendance.objects.select_for_update().filter(
            session=session, enrollment__in=enrollments
        )
    }
    to_update, to_create = [], []
    for enrollment in enrollments:
        attendance = existing.get(enrollment.pk)
        if attendance is None:
            to_create.append(
                Attendance(
                    session=session,
                    enrollment=enrollment,
                    status=status,
                    method=Attendance.Method.TRAINER,
                    recorded_by=by,
                )
            )
        elif (attendance.status, attendance.method, attendance.recorded_by_id) != (
            status,
            Attendance.Method.TRAINER,
            by.pk,
        ):
            attendance.status = status
            attendance.method = Attendance.Method.TRAINER
            attendance.recorded_by = by
            attendance.recorded_at = now
            to_update.append(attendance)
    if to_create:
        bulk_create_with_history(to_create, Attendance, default_user=by)
    if to_update:
        bulk_update_with_history(
            to_update,
            Attendance,
            ["status", "method", "recorded_by", "recorded_at"],
            default_user=by,
        )


class BulkMarkForm(ChoicesByIdMixin, forms.Form):
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    enrollments = forms.ModelMultipleChoiceField(queryset=Enrollment.objects.none())

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        # Only learners holding a seat in this session's cohort can be marked.
        field = self.fields["enrollments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - for mypy
        field.queryset = Enrollment.objects.filter(
            cohort_id=session.cohort_id, status__in=Enrollment.SEATED
        )
        field.error_messages["required"] = _("Tick at least one learner first.")


def attendance_sheet(request, code: str, session_code: str):
    cohort, session = _get_session_for_user(request, code, session_code)
    if request.method == "POST":
        form = BulkMarkForm(request.POST, session=session)
        if form.is_valid():
            status = form.cleaned_data["status"]
            count = mark(session, list(form.cleaned_data["enrollments"]), status, by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)d learner marked %(status)s.",
                    "%(count)d learners marked %(status)s.",
                    count,
                )
                % {"count": count, "status": Attendance.Status(status).label},
            )
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
        return redirect("courses_admin_attendance", code=cohort.code, session_code=session.code)
    marks = {
        attendance.enrollment_id: attendance
        for attendance in session.attendances.select_related("recorded_by")
    }
    learners = [
        (enrollment, marks.get(enrollment.pk))
        for enrollment in Enrollment.objects.filter(cohort=cohort, status__in=Enrollment.SEATED)
        .select_related("learner", "learner__agency")
        .order_by("learner__first_name_th", "learner__last_name_th", "pk")
    ]
    counts = {value: 0 for value in Attendance.Status.values}
    for attendance in marks.values():
        counts[attendance.status] = counts.get(attendance.status, 0) + 1
    return TemplateResponse(
        request,
        "courses/admin/attendance_sheet.html",
        {
            "cohort": cohort,
            "session": session,
            "learners": learners,
            "statuses": Attendance.Status.choices,
            "counts": [(label, counts[value]) for value, label in Attendance.Status.choices],
            "unmarked": len(learners) - sum(1 for e, a in learners if a is not None),
            "page_title": _("Attendance"),
            "tab": "sessions",
        },
    )
