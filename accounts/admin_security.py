"""Log-in security in the Wagtail admin, for OPDC staff and superusers: resetting a person's
second factor (a lost phone; until now ``manage.py shell``) and lifting django-axes lock-outs.
Both ask a reason or a confirmation, change by POST only, and are recorded in Wagtail's audit
log (``accounts.two_factor_reset``, ``accounts.unlock``) on the person's account, which OPDC
staff read in the site history report."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import lockout, two_factor
from accounts.models import User
from accounts.roles import is_opdc_staff
from thai.numbers import read_int

PAGE_SIZE = 50


def _require_opdc_staff(request) -> None:
    if not is_opdc_staff(request.user):
        raise PermissionDenied


# Second factor ----------------------------------------------------------------------------


def _with_second_factor():
    return User.objects.filter(
        Exists(TOTPDevice.objects.filter(user=OuterRef("pk")))
        | Exists(StaticDevice.objects.filter(user=OuterRef("pk")))
    )


def _get_person_for_user(request, pk: int) -> User:
    """Someone whose second factor this administrator may reset: OPDC staff reset anyone's but
    a superuser's (a stolen OPDC password must not open a superuser's account), superusers
    anyone's; nobody resets their own here (they still hold it: it is someone else who must
    see that the person is who they say)."""
    _require_opdc_staff(request)
    person = get_object_or_404(User, pk=pk)
    if person.pk == request.user.pk or (person.is_superuser and not request.user.is_superuser):
        raise PermissionDenied
    return person


def two_factor_people(request):
    _require_opdc_staff(request)
    query = request.GET.get("q", "").strip()[:100]
    people = _with_second_factor().order_by("first_name_th", "last_name_th", "username")
    if query:
        people = people.filter(
            Q(username__icontains=query)
            | Q(email__icontains=query)
            | Q(first_name_th__icontains=query)
            | Q(last_name_th__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    number = read_int(request.GET.get("p"), minimum=1, maximum=10**6) or 1
    page = Paginator(people, PAGE_SIZE).get_page(number)
    for person in page:
        person.may_reset = person.pk != request.user.pk and (
            request.user.is_superuser or not person.is_superuser
        )
    return TemplateResponse(
        request,
        "accounts/admin/two_factor_people.html",
        {"page_title": _("Two-factor authentication"), "page": page, "query": query},
    )


class ResetForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Kept in the audit log with your name, and told to the person in the e-mail that "
            "says their second factor was reset. Say how you checked who asked."
        ),
        error_messages={"required": gettext_lazy("Say why the second factor is reset.")},
    )
    # Set by the confirmation step: the first valid POST only shows what will happen.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Say why the second factor is reset."))
        return reason


def reset_two_factor(request, pk: int):
    """Reason (GET, then POST), confirmation (POST), reset (POST with ``confirmed``)."""
    person = _get_person_for_user(request, pk)
    context = {
        "person": person,
        "has_second_factor": two_factor.has_second_factor(person),
        "page_title": _("Reset two-factor authentication"),
    }
    if not context["has_second_factor"]:
        if request.method == "POST":
            messages.info(request, _("Nothing changed: this person has no second factor."))
        return TemplateResponse(request, "accounts/admin/two_factor_reset.html", context)
    form = ResetForm(request.POST or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            context["confirm_form"] = ResetForm(initial={**form.cleaned_data, "confirmed": True})
            context["reason"] = form.cleaned_data["reason"]
            return TemplateResponse(
                request, "accounts/admin/two_factor_reset_confirm.html", context
            )
        two_factor.reset_second_factor(person, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "The second factor of %(name)s was reset. They set up a new authenticator app "
                "at their next log-in to the admin."
            )
            % {"name": person.display_name},
        )
        return redirect("accounts_admin_two_factor")
    return TemplateResponse(request, "accounts/admin/two_factor_reset.html", context)


# Lock-outs --------------------------------------------------------------------------------


def lockouts(request):
    _require_opdc_staff(request)
    return TemplateResponse(
        request,
        "accounts/admin/lockouts.html",
        {"page_title": _("Lock-outs"), "lockouts": lockout.current_lockouts()},
    )


@require_POST
def unlock(request, attempt_id: int):
    _require_opdc_staff(request)
    lock = lockout.find_lockout(attempt_id)
    if lock is None:
        messages.info(request, _("Nothing changed: that lock-out has ended or was lifted."))
        return redirect("accounts_admin_lockouts")
    lockout.unlock(lock, by=request.user)
    messages.success(request, _("%(who)s can log in again from that address.") % {"who": lock.who})
    return redirect("accounts_admin_lockouts")
