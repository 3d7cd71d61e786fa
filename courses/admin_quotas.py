"""A cohort's seat quotas in the Wagtail admin (issue #16): the trainer reserves seats for an
agency or a ministry until a release date, changes or removes a reservation, and sees how
many of each its people filled. Every change goes through `courses.quotas`, which refuses bad
input with a reason and changes nothing; the page then shows the reason above the form.

Views load the cohort through `courses.views._get_cohort_for_user` (the cohort's trainers and
OPDC staff only), and a quota only among that cohort's.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.models import Agency, Ministry
from courses import quotas, seats
from courses.models import Cohort, SeatQuota
from courses.views import _get_cohort_for_user
from thai.numbers import ChoicesByIdMixin


class QuotaForm(ChoicesByIdMixin, forms.Form):
    agency = forms.ModelChoiceField(
        Agency.objects.all(), label=gettext_lazy("Agency"), required=False
    )
    ministry = forms.ModelChoiceField(
        Ministry.objects.all(),
        label=gettext_lazy("or ministry"),
        required=False,
        help_text=gettext_lazy("For the staff of every agency of the ministry."),
    )
    # Any whole number: the workflow says why fewer than one seat cannot be reserved.
    seats = forms.IntegerField(label=gettext_lazy("Reserved seats"))
    release_on = forms.DateField(
        label=gettext_lazy("Held until"),
        # The browser's own date picker: Wagtail's date widget renders an inline <script>.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "The last day the seats are reserved, before the cohort starts; the next day the"
            " seats nobody of theirs took go to the waitlist."
        ),
    )

    def change(self) -> quotas.QuotaChange:
        return quotas.QuotaChange(**self.cleaned_data)


def quota_rows(cohort: Cohort) -> list[dict]:
    """Each quota of the cohort with the seats its people filled (held ones only: released
    seats are everybody's). One query, and one more to count the seats when some are held."""
    rows = list(
        cohort.seat_quotas.select_related("agency", "ministry").order_by("release_on", "pk")
    )
    held = [quota for quota in rows if quota.is_held]
    filled = {}
    if held:
        filled = {line.quota.pk: line.filled for line in seats.ledger(cohort, held).lines}
    return [{"quota": quota, "filled": filled.get(quota.pk)} for quota in rows]


def _page(request, cohort, form, quota=None, status=200):
    return TemplateResponse(
        request,
        "courses/admin/quotas.html",
        {
            "cohort": cohort,
            "form": form,
            "editing": quota,
            "rows": quota_rows(cohort),
            "page_title": _("Seat quotas"),
            "tab": "quotas",
        },
        status=status,
    )


def quota_list(request, code: str):
    """The cohort's quotas, and the form to add one (POST adds it)."""
    cohort = _get_cohort_for_user(request, code)
    form = QuotaForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                quota = quotas.reserve(cohort, form.change(), request.user)
            except quotas.QuotaRefused as refusal:
                form.add_error(None, str(refusal.message))
            else:
                messages.success(
                    request,
                    _("%(seats)d seats reserved for %(holder)s.")
                    % {"seats": quota.seats, "holder": quota.holder},
                )
                return redirect("courses_admin_quotas", code=cohort.code)
        return _page(request, cohort, form, status=400)
    return _page(request, cohort, form)


def quota_edit(request, code: str, quota_id: int):
    cohort = _get_cohort_for_user(request, code)
    quota = get_object_or_404(SeatQuota, pk=quota_id, cohort=cohort)
    initial = {
        "agency": quota.agency_id,
        "ministry": quota.ministry_id,
        "seats": quota.seats,
        "release_on": quota.release_on,
    }
    form = QuotaForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                quotas.change(quota, form.change(), request.user)
            except quotas.QuotaRefused as refusal:
                form.add_error(None, str(refusal.message))
            else:
                messages.success(request, _("Seat quota saved."))
                return redirect("courses_admin_quotas", code=cohort.code)
        return _page(request, cohort, form, quota, status=400)
    return _page(request, cohort, form, quota)


@require_POST
def quota_delete(request, code: str, quota_id: int):
    cohort = _get_cohort_for_user(request, code)
    quota = get_object_or_404(SeatQuota, pk=quota_id, cohort=cohort)
    holder = str(quota.holder)
    quotas.remove(quota, request.user)
    messages.success(
        request,
        _("The seats reserved for %(holder)s are open to everyone.") % {"holder": holder},
    )
    return redirect("courses_admin_quotas", code=cohort.code)
