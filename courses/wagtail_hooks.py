"""Cohorts in the Wagtail admin: a "Cohorts" menu item for trainers and OPDC staff listing
"my cohorts" (trainers: the ones they train; OPDC staff: all), the add and edit forms, and the
per-cohort trainer tools (roster, sessions, attendance, history, exports, import)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, ProtectedError, Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.models import Locale, Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.models import User
from accounts.roles import can_manage_cohort, is_opdc_staff, is_trainer, trainer_users
from cms.catalogue import in_visitors_language
from cms.models import CaseStudyPage, ModulePage
from courses import (
    admin_attendance,
    admin_home,
    admin_imports,
    admin_quotas,
    admin_tools,
    admin_views,
    enrolment,
    seats,
    views,
)
from courses.models import DEFAULT_APPROVAL_DAYS, Cohort, Enrollment
from thai.admin_dates import date_column
from thai.numbers import ChoicesByIdMixin


class CohortPermissionPolicy(ModelPermissionPolicy):
    """Trainers add cohorts and change the ones they train; OPDC staff do anything; only OPDC
    staff delete (and enrolments protect a cohort that has learners)."""

    def user_has_permission(self, user, action):
        if not user.is_authenticated or not user.is_active:
            return False
        if is_opdc_staff(user):
            return action in ("add", "change", "view", "delete")
        return action in ("add", "change", "view") and is_trainer(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_manage_cohort(user, instance)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return Cohort.objects.none()
        return Cohort.objects.managed_by(user)


register_permission_policy(Cohort, CohortPermissionPolicy(Cohort))


_APPROVAL_DAYS = ("agency_approval_days", "trainer_approval_days")


class CohortForm(ChoicesByIdMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "trainers" in self.fields:
            self.fields["trainers"].queryset = trainer_users().order_by(
                "first_name_th", "last_name_th"
            )
            self.fields["trainers"].label_from_instance = lambda user: (
                f"{user.full_name_th or user.username} <{user.email}>"
            )
        # Modules and prototypes are chosen in the site's first language (the Thai page; its
        # English translation shares its records): offering both listed every module twice,
        # once in English, and an English module chosen here was one nobody could complete.
        default_locale = Locale.get_default()
        if "required_modules" in self.fields:
            modules = ModulePage.objects.filter(locale=default_locale)
            course = self.instance.course if self.instance.course_id else None
            if course is not None:
                modules = modules.descendant_of(
                    course.get_translation_or_none(default_locale) or course
                )
            self.fields["required_modules"].queryset = modules.order_by("path")
        if "co_designed_prototypes" in self.fields:
            self.fields["co_designed_prototypes"].queryset = CaseStudyPage.objects.filter(
                locale=default_locale
            ).order_by("title")

        # Days per approval stage: left empty, the usual number (the model's default), so a
        # cohort that needs no agency approval asks nothing of them.
        for name in _APPROVAL_DAYS:
            if name in self.fields:
                self.fields[name].required = False

    def _approval_days(self, name: str) -> int:
        days = self.cleaned_data.get(name)
        return DEFAULT_APPROVAL_DAYS if days is None else days

    def clean_agency_approval_days(self):
        return self._approval_days("agency_approval_days")

    def clean_trainer_approval_days(self):
        return self._approval_days("trainer_approval_days")

    def clean_trainers(self):
        trainers = self.cleaned_data["trainers"]
        user = self.for_user
        # A trainer who creates or edits a cohort stays one of its trainers, or they would
        # lock themselves out of it.
        if user is not None and not is_opdc_staff(user):
            trainers = trainers | User.objects.filter(pk=user.pk)
        return trainers

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity is not None:
            # Below the seats taken, or into the seats reserved for agencies.
            try:
                enrolment.check_capacity(seats.ledger(self.instance), capacity)
            except enrolment.EnrolmentRefused as refusal:
                raise forms.ValidationError(str(refusal.message)) from None
        return capacity

    def clean(self):
        cleaned = super().clean()
        course, modules = cleaned.get("course"), cleaned.get("required_modules")
        if course is not None and modules:
            source = course.get_translations(inclusive=True).filter(locale=Locale.get_default())
            outside = [
                module.title
                for module in modules
                if not any(module.is_descendant_of(page) for page in source)
            ]
            if outside:
                self.add_error(
                    "required_modules",
                    _("These modules belong to another course: %(modules)s")
                    % {"modules": ", ".join(outside)},
                )
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The cohort must end on or after its first day."))
        opens, closes = cleaned.get("enrolment_opens_at"), cleaned.get("enrolment_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("enrolment_closes_at", _("Enrolment must close after it opens."))
        return cleaned


def _roster_url(cohort):
    return reverse("courses_admin_roster", args=[cohort.code])


def _tool_links(cohort):
    """Every tool of the cohort (``CohortIndexView.get_table`` gathered them for the page)."""
    tools = getattr(cohort, "admin_tools", None)
    if tools is None:
        tools = admin_tools.cohort_tools([cohort])[cohort.pk]
    # Each tool is the shared template (a link, or a disabled button with its reason).
    return format_html_join(
        " ",
        "{}",
        [
            (
                render_to_string(
                    "courses/admin/_cohort_tool.html", {"tool": t, "suffix": cohort.display_title}
                ),
            )
            for t in tools
        ],
    )


class CohortIndexView(IndexView):
    page_title = _("My cohorts")

    def get_table(self, object_list):
        # The tools of the whole page at once: a constant number of queries for any page size.
        cohorts = list(object_list)
        tools = admin_tools.cohort_tools(cohorts)
        # The course in the admin's language, the whole page's in one query.
        translated = in_visitors_language([cohort.course for cohort in cohorts])
        for cohort in cohorts:
            cohort.admin_tools = tools[cohort.pk]
            cohort.course_title = translated.get(  # type: ignore[attr-defined]
                cohort.course.translation_key, cohort.course
            ).title
        return super().get_table(cohorts)

    def get_base_queryset(self):
        return (
            Cohort.objects.managed_by(self.request.user)
            .select_related("course")
            .annotate(
                pending=Count(
                    "enrollments", filter=Q(enrollments__status=Enrollment.Status.PENDING)
                )
            )
        )


class CohortCreateView(CreateView):
    def save_instance(self):
        cohort = super().save_instance()
        if not is_opdc_staff(self.request.user):
            cohort.trainers.add(self.request.user)
        return cohort

    def get_success_url(self):
        return _roster_url(self.object)


class _OwnCohortMixin:
    """Edit, delete and history pages of a cohort the person does not train are refused
    (Wagtail answers with its "no permission" message and the admin home page)."""

    def get_object(self, *args, **kwargs):
        cohort = super().get_object(*args, **kwargs)
        if not can_manage_cohort(self.request.user, cohort):
            raise PermissionDenied
        return cohort


class CohortEditView(_OwnCohortMixin, EditView):
    def save_instance(self):
        cohort = super().save_instance()
        # A raised capacity seats the waitlist at once, oldest request first.
        enrolment.promote_waitlist(cohort.pk, self.request.user)
        return cohort


class CohortDeleteView(_OwnCohortMixin, DeleteView):
    def form_valid(self, form):
        # Enrolments protect their cohort (attendance, certificates and the training figures
        # hang on them), which Wagtail's usage count does not know: deleting one raised
        # ProtectedError, a 500. Say why instead, and change nothing.
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _(
                    "This cohort has enrolments, so it cannot be deleted: its attendance, "
                    "certificates and training figures depend on them."
                ),
            )
            return redirect(reverse("courses_cohort:edit", args=[self.object.pk]))


class CohortHistoryView(_OwnCohortMixin, HistoryView):
    pass


class CohortUsageView(_OwnCohortMixin, UsageView):
    pass


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    add_to_admin_menu = True
    menu_order = 250
    copy_view_enabled = False
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    history_view_class = CohortHistoryView
    usage_view_class = CohortUsageView
    search_fields = ["title", "code"]
    search_backend_name = None
    list_filter = ["delivery_mode", "approval_required"]
    list_display = [
        TitleColumn("title", label=_("Cohort"), accessor="display_title", get_url=_roster_url),
        "code",
        Column("course", label=_("Course"), accessor="course_title"),
        date_column(Cohort, "start_date"),
        date_column(Cohort, "end_date"),
        Column(
            "seats",
            label=_("Seats taken"),
            accessor=lambda cohort: f"{cohort.seats_taken} / {cohort.capacity}",
        ),
        Column("pending", label=_("Pending requests")),
        Column("tools", label=_("Trainer tools"), accessor=_tool_links),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("title"),
            FieldPanel("title_en"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            MultiFieldPanel(
                [
                    FieldPanel("delivery_mode"),
                    FieldPanel("venue"),
                    FieldPanel("venue_en"),
                    FieldPanel("online_link"),
                ],
                heading=_("Where"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("capacity"),
                    FieldRowPanel(
                        [FieldPanel("enrolment_opens_at"), FieldPanel("enrolment_closes_at")]
                    ),
                    FieldPanel("approval_required"),
                    # Two-stage approval (issue #16): the agency decides first.
                    FieldPanel("agency_approval_required"),
                    FieldRowPanel(
                        [FieldPanel("agency_approval_days"), FieldPanel("trainer_approval_days")]
                    ),
                ],
                heading=_("Enrolment"),
            ),
            FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
            MultiFieldPanel(
                [FieldPanel("min_attendance_percent"), FieldPanel("required_modules")],
                heading=_("Completion rule"),
            ),
            # The tracker follows people from training to the prototypes they co-designed.
            FieldPanel("co_designed_prototypes", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=CohortForm,
    )


@hooks.register("register_admin_viewset")
def register_cohort_viewset():
    return CohortViewSet("courses_cohort")


@hooks.register("register_admin_urls")
def register_trainer_tool_urls():
    cohort = "cohorts/<str:code>/"
    session = cohort + "sessions/<str:session_code>/"
    return [
        path(cohort + "roster/", admin_views.roster, name="courses_admin_roster"),
        path(
            cohort + "requests/<int:enrollment_id>/<slug:decision>/",
            views.decide,
            {"back_to": "roster"},
            name="courses_admin_decide",
        ),
        path(
            cohort + "learners/<int:enrollment_id>/<slug:action>/",
            admin_views.enrolment_action,
            name="courses_admin_enrolment_action",
        ),
        path(cohort + "sessions/", admin_views.sessions, name="courses_admin_sessions"),
        path(cohort + "quotas/", admin_quotas.quota_list, name="courses_admin_quotas"),
        path(
            cohort + "quotas/<int:quota_id>/",
            admin_quotas.quota_edit,
            name="courses_admin_quota_edit",
        ),
        path(
            cohort + "quotas/<int:quota_id>/delete/",
            admin_quotas.quota_delete,
            name="courses_admin_quota_delete",
        ),
        path(cohort + "sessions/add/", admin_views.session_form, name="courses_admin_session_add"),
        path(session + "edit/", admin_views.session_form, name="courses_admin_session_edit"),
        path(session + "delete/", admin_views.session_delete, name="courses_admin_session_delete"),
        path(
            session + "attendance/",
            admin_attendance.attendance_sheet,
            name="courses_admin_attendance",
        ),
        path(cohort + "history/", admin_views.history, name="courses_admin_history"),
        path(
            cohort + "export/<slug:kind>.<slug:file_format>",
            admin_views.export,
            name="courses_admin_export",
        ),
        path(cohort + "import/", admin_imports.upload, name="courses_admin_import"),
        path(
            cohort + "import/<uuid:job_code>/",
            admin_imports.job,
            name="courses_admin_import_job",
        ),
        path(
            "cohorts/import-template.<slug:file_format>",
            admin_imports.template_file,
            name="courses_admin_import_template",
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_home_panels(request, panels):
    """The trainer's cohorts, next sessions, pending requests and learners at risk; OPDC
    staff's dashboard, export and data requests (courses.admin_home)."""
    admin_home.add_panels(request, panels)


@hooks.register("before_delete_page")
def keep_courses_that_have_cohorts(request, page):
    """A course page that cohorts run on (or a section holding one) cannot be deleted: the
    cohorts keep their learners' enrolments, attendance and certificates. Say so, instead of
    the database refusing with an error page, and point to unpublishing."""
    pages = Page.objects.filter(path__startswith=page.path, depth__gte=page.depth)
    cohorts = list(Cohort.objects.filter(course__in=pages).order_by("start_date")[:5])
    if not cohorts:
        return None
    titles = ", ".join(str(cohort) for cohort in cohorts)
    messages.error(
        request,
        _(
            "“%(page)s” cannot be deleted: cohorts run on it (%(cohorts)s) and keep their "
            "learners' records. Unpublish it to take it off the site instead."
        )
        % {"page": page.get_admin_display_title(), "cohorts": titles},
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


class _RosterViewedLogFormatter(LogFormatter):
    label = _("Roster viewed")

    def format_message(self, log_entry):
        status = log_entry.data.get("status_filter", "all")
        labels = dict(Enrollment.Status.choices)
        shown = labels.get(status, _("All")) if status != "all" else _("All")
        if log_entry.data.get("searched"):
            return _("Roster viewed (filter: %(status)s, with a search).") % {"status": shown}
        return _("Roster viewed (filter: %(status)s).") % {"status": shown}


class _RosterExportedLogFormatter(LogFormatter):
    label = _("Roster exported")

    def format_message(self, log_entry):
        return _("Exported: %(kind)s, %(format)s.") % {
            "kind": log_entry.data.get("kind", ""),
            "format": str(log_entry.data.get("format", "")).upper(),
        }


@hooks.register("register_log_actions")
def register_roster_log_actions(actions):
    """Who looked at or took away a cohort's roster (courses.admin_views, PDPA), for OPDC staff
    in the cohort's history and the site history report."""
    actions.register_action(admin_views.ROSTER_VIEWED)(_RosterViewedLogFormatter)
    actions.register_action(admin_views.ROSTER_EXPORTED)(_RosterExportedLogFormatter)
