from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.roles import is_trainer_or_opdc_staff
from certificates import admin_views, issuing
from certificates.models import Certificate, CertificateTemplate
from courses import completion
from courses.admin_tools import CohortTool
from thai.admin_dates import date_column
from thai.numbers import ChoicesByIdMixin


class CertificateTemplateForm(ChoicesByIdMixin, WagtailAdminModelForm):
    """The design form: its image choosers (logos, signatures, background) refuse a value
    that cannot be an image's id instead of failing while the form is shown again."""


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate designs")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "is_default", "page_size", "orientation"]

    def get_edit_handler(self):
        handler = super().get_edit_handler()
        handler.base_form_class = CertificateTemplateForm
        return handler


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Certificates are issued and revoked only through certificates.issuing, never edited."""

    def user_has_permission(self, user, action):
        if action != "view" or not user.is_active:
            return False
        return is_trainer_or_opdc_staff(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            admin_views.certificates_for_user(user).filter(pk=instance.pk).exists()
        )


register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


class CertificateIndexView(IndexView):
    def get_base_queryset(self):
        return admin_views.certificates_for_user(self.request.user)


class CertificateInspectView(InspectView):
    def get_object(self, queryset=None):
        # Another cohort's certificate is "not found", never a server error.
        return get_object_or_404(admin_views.certificates_for_user(self.request.user), pk=self.pk)

    def get_hours_display_value(self):
        hours = self.object.hours
        # ngettext needs a whole number: "1 hour", "12 hours", and a fraction is plural.
        count = int(hours) if hours == hours.to_integral_value() else 2
        return ngettext("%(hours)s hour", "%(hours)s hours", count) % {
            "hours": self.object.hours_text
        }

    def get_field_display_value(self, field_name, field):
        # An empty field reads "-" like the empty dates and people, never "None" or nothing.
        value = super().get_field_display_value(field_name, field)
        return "-" if value is None or value == "" else value

    def get_superseded_by_display_value(self):
        replacement = self.object.superseded_by
        if replacement is None:
            return "-"
        url = reverse("certificates_certificate:inspect", args=[replacement.pk])
        return format_html('<a href="{}">{}</a>', url, replacement.serial)

    # People by their name in the admin's language (accounts' display_name), not username.
    def get_issued_by_display_value(self):
        return self.object.issued_by.display_name if self.object.issued_by else "-"

    def get_revoked_by_display_value(self):
        return self.object.revoked_by.display_name if self.object.revoked_by else "-"

    @cached_property
    def header_buttons(self):
        buttons = []
        if admin_views.can_reissue(self.object):
            url = reverse("certificates_reissue", args=[self.object.pk])
            buttons.append(HeaderButton(_("Reissue"), url=url, icon_name="rotate"))
        if self.object.status == Certificate.Status.VALID:
            url = reverse("certificates_revoke", args=[self.object.pk])
            buttons.append(HeaderButton(_("Revoke"), url=url, icon_name="cross"))
        return buttons


def _action_links(certificate):
    links = []
    if admin_views.can_reissue(certificate):
        links.append((reverse("certificates_reissue", args=[certificate.pk]), _("Reissue")))
    if certificate.status == Certificate.Status.VALID:
        links.append((reverse("certificates_revoke", args=[certificate.pk]), _("Revoke")))
    return format_html_join(
        " ", '<a class="button button-small button-secondary" href="{}">{}</a>', links
    )


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "tick-inverse"
    menu_label = _("Certificates")
    add_to_admin_menu = True
    menu_order = 300
    inspect_view_enabled = True
    copy_view_enabled = False
    # Required by ModelViewSet; the permission policy forbids editing, so this form never shows.
    form_fields = ["revocation_reason"]
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    list_display = [
        "serial",
        "holder_name_th",
        "course_title_th",
        "cohort_code",
        "status",
        date_column(Certificate, "issued_at"),
        Column("actions", label=_("Actions"), accessor=_action_links),
    ]
    list_filter = ["status"]
    search_fields = ["serial", "holder_name_th", "holder_name_en", "cohort_code"]
    inspect_view_fields = [
        "serial",
        "status",
        "holder_name_th",
        "holder_name_en",
        "course_title_th",
        "course_title_en",
        "cohort_code",
        "start_date",
        "end_date",
        "hours",
        "issuer_th",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "superseded_by",
        "sha256",
        "holder_erased_at",
        "original_sha256",
    ]


register_snippet(CertificateTemplateViewSet)


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("certificates_certificate")


@hooks.register("register_admin_urls")
def register_revoke_url():
    return [
        path("certificates/revoke/<int:pk>/", admin_views.revoke, name="certificates_revoke"),
        path("certificates/reissue/<int:pk>/", admin_views.reissue, name="certificates_reissue"),
        path(
            "certificates/cohort/<int:cohort_id>/issue/",
            admin_views.issue_for_cohort,
            name="certificates_issue_for_cohort",
        ),
        path(
            "certificates/cohort/<int:cohort_id>/certificates.zip",
            admin_views.cohort_zip,
            name="certificates_cohort_zip",
        ),
        path(
            "certificates/batch/<int:batch_id>/",
            admin_views.batch_progress,
            name="certificates_batch",
        ),
        path(
            "certificates/batch/<int:batch_id>/status.json",
            admin_views.batch_status,
            name="certificates_batch_status",
        ),
    ]


class _ReissueLogFormatter(LogFormatter):
    label = _("Reissue certificate")

    def format_message(self, log_entry):
        return _("Replaced %(old)s by %(new)s. Reason: %(reason)s") % {
            "old": log_entry.data.get("old_serial", ""),
            "new": log_entry.data.get("new_serial", ""),
            "reason": log_entry.data.get("reason", ""),
        }


class _ReinstateLogFormatter(_ReissueLogFormatter):
    label = _("Reinstate a revoked certificate")

    def format_message(self, log_entry):
        return _("Reinstated: revoked %(old)s, new valid %(new)s. Reason: %(reason)s") % {
            "old": log_entry.data.get("old_serial", ""),
            "new": log_entry.data.get("new_serial", ""),
            "reason": log_entry.data.get("reason", ""),
        }


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    """certificates.issuing.reissue() logs who reissued and why (the certificate's history)."""
    actions.register_action("certificates.reissue")(_ReissueLogFormatter)
    actions.register_action("certificates.reinstate")(_ReinstateLogFormatter)


@hooks.register("after_enrollment_completed")
def issue_certificate_on_completion(enrollment):
    """courses.completion.update_completion() completed an enrolment: issue its certificate."""
    issuing.issue_on_completion(enrollment)


@hooks.register("register_cohort_admin_tools")
def cohort_certificate_tools(cohorts):
    """Each cohort's "issue certificates" (with its batches' progress; disabled until the
    cohort is over) and, once it has valid certificates, their ZIP: two queries for all the
    cohorts."""
    counts = dict(
        Certificate.objects.valid()
        .filter(enrollment__cohort__in=cohorts)
        .values_list("enrollment__cohort")
        .annotate(count=Count("pk"))
        .values_list("enrollment__cohort", "count")
    )
    ends_at = completion.ends_at_by_cohort(cohorts)
    tools = {}
    for cohort in cohorts:
        tools[cohort.pk] = [
            CohortTool(
                "certificates",
                str(_("Issue certificates")),
                reverse("certificates_issue_for_cohort", args=[cohort.pk]),
                # Disabled, with the day it becomes possible, until the cohort is over.
                disabled_reason=admin_views.not_issuable_yet(cohort, ends_at[cohort.pk]),
            )
        ]
        if counts.get(cohort.pk):
            tools[cohort.pk].append(
                CohortTool(
                    "certificates_zip",
                    ngettext(
                        "Download %(count)d certificate (ZIP)",
                        "Download %(count)d certificates (ZIP)",
                        counts[cohort.pk],
                    )
                    % {"count": counts[cohort.pk]},
                    reverse("certificates_cohort_zip", args=[cohort.pk]),
                )
            )
    return tools
