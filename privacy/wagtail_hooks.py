"""The Wagtail admin of personal data requests, for OPDC staff only: the list, and the screen
that carries a request out (privacy.data_requests.handle)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from privacy.data_requests import Decision, handle
from privacy.models import DataRequest
from thai.admin_dates import date_column


class DataRequestPermissionPolicy(ModelPermissionPolicy):
    """OPDC staff see requests and handle them (through ``handle``); no one edits one.

    The permissions are granted to the OPDC staff group by a migration (lms 0002; privacy 0001
    moved them to this app with the model); ``has_perm`` reads the per-request permission
    cache, so the admin menu costs no query on every page."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm("privacy.view_datarequest")

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(DataRequest, DataRequestPermissionPolicy(DataRequest))


def _handle_link(data_request):
    if data_request.status != DataRequest.Status.PENDING:
        return ""
    url = reverse("privacy_handle_data_request", args=[data_request.pk])
    return format_html('<a class="button button-small" href="{}">{}</a>', url, _("Handle"))


class DataRequestInspectView(InspectView):
    def get_person_display_value(self):
        # By name; an erased person as "removed at their request", not the anonymised login.
        return self.object.person.display_name

    def get_handled_by_display_value(self):
        # Not yet handled: a dash, never "None"; handled: the name staff know each other by.
        handler = self.object.handled_by
        return handler.display_name if handler else "–"


def _label(field: str):
    return capfirst(DataRequest._meta.get_field(field).verbose_name)


def _name_of(field: str):
    """A person's name as staff know each other (display_name), not their login."""

    def name(data_request) -> str:
        person = getattr(data_request, field)
        return person.display_name if person else "–"

    return name


class DataRequestViewSet(ModelViewSet):
    model = DataRequest
    icon = "lock"
    # Short enough for the sidebar ("Personal data requ…" was cut off in both languages).
    menu_label = _("PDPA requests")
    add_to_admin_menu = True
    menu_order = 900
    inspect_view_enabled = True
    inspect_view_class = DataRequestInspectView
    copy_view_enabled = False
    form_fields = ["reason"]  # required by ModelViewSet; the policy forbids editing
    list_display = [
        Column("person", label=_label("person"), accessor=_name_of("person")),
        "kind",
        "status",
        date_column(DataRequest, "requested_at"),
        Column("handled_by", label=_label("handled_by"), accessor=_name_of("handled_by")),
        Column("handle", label=_("Actions"), accessor=_handle_link),
    ]
    list_filter = ["kind", "status"]
    inspect_view_fields = [
        "person",
        "kind",
        "status",
        "reason",
        "outcome",
        "requested_at",
        "handled_at",
        "handled_by",
    ]


class HandleForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.ERASE, _("Erase or anonymise the person's data")),
            (Decision.RESTRICT, _("Keep the records (the law requires it) and restrict them")),
            (Decision.REFUSE, _("Refuse the request")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to keep records or refuse; the person sees it."),
    )
    # Set by the confirmation step: erasing cannot be undone, so the first POST only says
    # what will be erased and kept.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") in (Decision.RESTRICT, Decision.REFUSE)
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Say why the records are kept or the request refused."))
        return cleaned


def _get_data_request_for_user(request, pk: int) -> DataRequest:
    if not request.user.has_perm("privacy.change_datarequest"):
        raise PermissionDenied
    return get_object_or_404(DataRequest.objects.select_related("person"), pk=pk)


def handle_data_request(request, pk: int):
    """Decision (GET, then POST); for erasure a confirmation (POST), then the erasure (POST
    with ``confirmed``). Keeping or refusing changes no data and needs no confirmation."""
    data_request = _get_data_request_for_user(request, pk)
    form = HandleForm(request.POST or None)
    context = {"data_request": data_request, "form": form, "page_title": _("Personal data request")}
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == Decision.ERASE and not form.cleaned_data["confirmed"]:
            context["confirm_form"] = HandleForm(initial={**form.cleaned_data, "confirmed": True})
            context["reason"] = form.cleaned_data["reason"]
            return TemplateResponse(
                request, "privacy/admin/handle_data_request_confirm.html", context
            )
        try:
            handle(
                data_request,
                form.cleaned_data["decision"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValueError as error:
            messages.error(request, str(error))
        else:
            # gettext, not the lazy one: the message is stored after Wagtail's override of the
            # staff member's admin language has ended, and would fall back to the browser's.
            messages.success(request, gettext("The request has been handled."))
        return redirect("privacy_datarequest:index")
    return TemplateResponse(request, "privacy/admin/handle_data_request.html", context)


@hooks.register("register_admin_viewset")
def register_data_request_viewset():
    # The address OPDC staff have used since before the model moved to this app.
    return DataRequestViewSet("privacy_datarequest", url_prefix="lms_datarequest")


@hooks.register("register_admin_urls")
def register_handle_url():
    return [
        path(
            "privacy/requests/<int:pk>/handle/",
            handle_data_request,
            name="privacy_handle_data_request",
        )
    ]
