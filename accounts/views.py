from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device
from django_ratelimit.decorators import ratelimit
from wagtail.models import APIToken

from accounts import api_tokens, roles, single_sign_on
from accounts.forms import ApiTokenForm, LoginForm, ProfileForm, SignUpForm
from accounts.models import Role
from cms.reference import Agency
from outbox.messages import enqueue_email
from thai.numbers import LARGEST_ID, read_int


def _rate(name):
    """A rate from settings.RATELIMITS, read per request so an operator (or a test) can tune it."""
    return lambda group, request: settings.RATELIMITS[name]


def too_many_requests(request):
    return render(request, "accounts/too_many_requests.html", status=429)


class LoginView(auth_views.LoginView):
    """Django's, with a sign-in button for each identity provider configured."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(single_sign_on.login_page_context(self.request))
        return context


_login_view = LoginView.as_view()


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_rate("login_ip"), method="POST", block=False)
@ratelimit(key="post:username", rate=_rate("login_username"), method="POST", block=False)
def login_view(request):
    """Django's LoginView (it refuses a ``next`` to another site), rate-limited per address and
    per typed username; django-axes locks out repeated failures on top of this."""
    if getattr(request, "limited", False):
        return too_many_requests(request)
    return _login_view(request)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None, initial=_signup_initial(request.GET))
    # Where the person was going (the course page they wanted to enrol on): back there after.
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            user.groups.add(*_learner_group())
        login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
        messages.success(request, _("Welcome to Gov Lab! Your account is ready."))
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def _signup_initial(query) -> dict:
    """The address and agency an invitation link fills in (agencies' invitation page): only
    what the form would accept anyway, and only as a starting value the person can change."""
    initial = {}
    email = query.get("email", "")
    if email and len(email) <= 254 and "@" in email:
        initial["email"] = email
    agency = read_int(query.get("agency"), minimum=1, maximum=LARGEST_ID)
    if agency is not None and Agency.objects.filter(pk=agency).exists():
        initial["agency"] = agency
    return initial


def _learner_group():
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=Role.LEARNERS)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return _render_profile(request, form=form)


def _render_profile(request, *, form=None, token_form=None, new_key=None, status=200):
    tokens = list(APIToken.objects.filter(user=request.user).order_by("-created"))
    now = timezone.now()
    for token in tokens:
        token.expires_at = api_tokens.expires_at(token)
        token.expired = api_tokens.is_expired(token, now)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form or ProfileForm(instance=request.user),
            "token_form": token_form or ApiTokenForm(),
            "api_tokens": tokens,
            "new_key": new_key,
            "token_max_age_days": api_tokens.max_age().days,
            "tokens_need_second_factor": (
                roles.needs_second_factor(request.user)
                and not roles.second_factor_verified(request.user)
            ),
        },
        status=status,
    )


@require_POST
@login_required
def create_api_token(request):
    """A personal API token; its key is shown on this response only and never stored. Staff
    make one only after the second factor: the token then carries it to the API."""
    if roles.needs_second_factor(request.user) and not roles.second_factor_verified(request.user):
        messages.error(
            request,
            _(
                "Verify a code from your authenticator app first: staff tokens need the second factor."
            ),
        )
        target = "accounts:two_factor_verify"
        if not user_has_device(request.user, confirmed=True):
            target = "accounts:two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': reverse('accounts:profile')})}")
    token_form = ApiTokenForm(request.POST)
    if not token_form.is_valid():
        return _render_profile(request, token_form=token_form, status=400)
    _token, key = api_tokens.create_token(request.user, token_form.cleaned_data["name"])
    # The key is in this page only: no redirect, so it never lands in a message or a log.
    response = _render_profile(request, new_key=key)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def revoke_api_token(request, token_id: int):
    token = get_object_or_404(APIToken.objects.filter(user=request.user), pk=token_id)
    if token.revoked_at is None:
        token.revoke()
        messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("accounts:profile")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, with our template; the person stays logged in here (other sessions end by
    Django's session hash) and every API token is revoked (``User.save``)."""

    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _(
                "Your password has been changed. Your other sessions and every API token you had "
                "no longer work."
            ),
        )
        return response


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset link from a Celery worker: the request returns at once either way,
    so response time does not reveal whether the address has an account."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        # The outbox sends it once the broker answers; `outbox_id` makes a re-delivery harmless.
        enqueue_email(subject, body, to_email, person=context.get("user"))


@method_decorator(
    ratelimit(key="ip", rate=_rate("password_reset_ip"), method="POST", block=False),
    name="dispatch",
)
@method_decorator(
    ratelimit(key="post:email", rate=_rate("password_reset_email"), method="POST", block=False),
    name="dispatch",
)
class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = "/"

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        messages.success(
            self.request,
            _(
                "If an account uses that address, we have e-mailed it a link to choose a new password."
            ),
        )
        return super().form_valid(form)
