"""Single sign-on with OpenID Connect: ThaID and agency identity providers.

Each provider an operator names in ``OIDC_PROVIDERS`` (``lms/settings/base.py``) gets a button on
the log-in page. The exchange is Authlib's: discovery, the Authorization Code flow with PKCE
(S256), ``state`` and ``nonce`` kept in the session, the ID token's signature checked against
the provider's JWKS, and its ``iss``, ``aud``, ``exp`` and ``nonce`` checked. Anything that fails
answers the log-in page with a message and logs no one in.

Who the person is, in this order:

1. the identity already linked (provider and ``sub``);
2. the same citizen ID (its keyed hash) linked through another provider;
3. an active account with the same e-mail address, only if the provider says it verified it
   (``email_verified``): an unverified address could be anyone's.

Someone we do not know is sent to a short sign-up form filled in from the provider's claims,
not given an account at once: a government service records consent to its privacy notice
(PDPA section 19) and the Thai and English names its certificates print, which ThaID does not
give in English. The account is made, and the identity linked, when they submit it.

Staff still need the second factor, unless the provider asserts one (``amr`` naming mfa, otp or
hwk, or an ``acr`` the operator lists as strong): then this session counts as verified
(``accounts.two_factor.OTPMiddleware``).
"""

import dataclasses
import hashlib
import hmac
import logging
import time
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from django import forms
from django.conf import settings
from django.contrib.auth import login, logout
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit
from joserfc.errors import JoseError

from accounts import roles
from accounts.forms import PROFILE_FIELDS, PROFILE_LABELS, LoginForm, ProfileFieldsMixin
from accounts.models import LinkedIdentity, Role, User
from accounts.two_factor import PROVIDER_SECOND_FACTOR_SESSION_KEY

log = logging.getLogger(__name__)

# amr values (RFC 8176) that mean the person proved a second factor at the provider.
STRONG_AMR = frozenset({"mfa", "otp", "hwk"})
# Where the provider's discovery document is read again after, so a key rotation is seen.
METADATA_MAX_AGE_SECONDS = 3600
HTTP_TIMEOUT_SECONDS = 10
_PENDING = "sso_pending"  # a person the provider vouched for, signing up
_SIGNED_IN = "sso_provider"  # the provider this session signed in with (for log-out)
_NEXT = "sso_next"
_BACKEND = "accounts.backends.UsernameOrEmailBackend"


@dataclasses.dataclass(frozen=True)
class Provider:
    name: str
    discovery_url: str
    client_id: str
    client_secret: str
    label_th: str
    label_en: str
    scope: str
    citizen_id_claim: str
    strong_acr: tuple[str, ...]

    @property
    def label(self) -> str:
        """The provider's name in the active language ("ThaID")."""
        english = (translation.get_language() or "th").startswith("en")
        return self.label_en if english else self.label_th


def configured_providers() -> list[Provider]:
    return [
        Provider(name=name, **{**config, "strong_acr": tuple(config["strong_acr"])})
        for name, config in settings.OIDC_PROVIDERS.items()
    ]


def _get_provider(name: str) -> Provider:
    for provider in configured_providers():
        if provider.name == name:
            return provider
    raise Http404


_clients: dict[Provider, object] = {}


def _client(provider: Provider):
    """Authlib's client of the provider, kept per configuration so the discovery document and
    the JWKS are fetched once an hour, not on every sign-in."""
    client = _clients.get(provider)
    loaded_at = client.server_metadata.get("_loaded_at", time.time()) if client else 0
    if client is None or time.time() - loaded_at > METADATA_MAX_AGE_SECONDS:
        client = OAuth().register(
            name=provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={
                "scope": provider.scope,
                "code_challenge_method": "S256",
                "default_timeout": HTTP_TIMEOUT_SECONDS,
            },
        )
        _clients[provider] = client
    return client


def citizen_id_hash(citizen_id: str) -> str:
    """HMAC-SHA-256 of the citizen ID's digits under ``OIDC_CITIZEN_ID_HASH_KEY``: the same
    person gives the same hash through any provider; the 13 digits are never stored."""
    digits = "".join(ch for ch in str(citizen_id) if ch.isdigit())
    if not digits:
        return ""
    key = settings.OIDC_CITIZEN_ID_HASH_KEY.encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


@dataclasses.dataclass
class Identity:
    """What we keep of an ID token's claims: never the raw citizen ID."""

    provider: str
    subject: str
    email: str
    email_verified: bool
    citizen_id_hash: str
    given_name: str
    family_name: str
    second_factor: bool

    @classmethod
    def from_claims(cls, provider: Provider, claims) -> "Identity":
        amr = claims.get("amr") or []
        if isinstance(amr, str):
            amr = [amr]
        raw_id = claims.get(provider.citizen_id_claim) if provider.citizen_id_claim else None
        return cls(
            provider=provider.name,
            subject=str(claims["sub"]),
            email=str(claims.get("email") or ""),
            # Only a JSON true counts: some providers send the string "false".
            email_verified=claims.get("email_verified") is True,
            citizen_id_hash=citizen_id_hash(raw_id) if raw_id else "",
            given_name=str(claims.get("given_name") or ""),
            family_name=str(claims.get("family_name") or ""),
            second_factor=bool(STRONG_AMR.intersection(amr))
            or (bool(claims.get("acr")) and claims.get("acr") in provider.strong_acr),
        )


def find_account(identity: Identity) -> User | None:
    """The account this identity belongs to, or None (see the module's docstring)."""
    link = (
        LinkedIdentity.objects.select_related("user")
        .filter(provider=identity.provider, subject=identity.subject)
        .first()
    )
    if link is None and identity.citizen_id_hash:
        link = (
            LinkedIdentity.objects.select_related("user")
            .filter(citizen_id_hash=identity.citizen_id_hash)
            .first()
        )
    if link is not None:
        return link.user
    if identity.email and identity.email_verified:
        return User.objects.filter(email__iexact=identity.email, is_active=True).first()
    return None


def link_identity(user: User, identity: Identity) -> LinkedIdentity:
    """Link (or refresh the link of) this identity to ``user``, noting when it was used."""
    link, _created = LinkedIdentity.objects.update_or_create(
        provider=identity.provider,
        subject=identity.subject,
        defaults={"user": user, "last_used_at": timezone.now()},
    )
    if identity.citizen_id_hash and link.citizen_id_hash != identity.citizen_id_hash:
        link.citizen_id_hash = identity.citizen_id_hash
        link.save(update_fields=["citizen_id_hash"])
    return link


def _safe_next(request, next_url: str) -> str:
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


def login_page_context(request) -> dict:
    """The sign-in buttons of the log-in page: one per configured provider."""
    return {"sso_providers": configured_providers()}


def _refuse(request, message: str, status: int = 400):
    """The log-in page again, with why; no one is logged in."""
    context = {"form": LoginForm(request), "sso_error": message}
    context.update(login_page_context(request))
    return render(request, "accounts/login.html", context, status=status)


def _rate(group, request):
    return settings.RATELIMITS["sso_ip"]


@require_GET
def begin(request, provider: str):
    """Off to the provider: Authlib makes ``state``, ``nonce`` and the PKCE verifier and keeps
    them in this session. The return address has no language prefix, so each provider has one
    address registered; the language goes in the session.

    A link, not a form: the page's Content-Security-Policy (``form-action 'self'``) would stop
    a form's redirect to the provider, and starting a sign-in changes nothing but this session
    (a forged start achieves nothing: only the person's own return completes it)."""
    chosen = _get_provider(provider)
    request.session[_NEXT] = {
        "next": _safe_next(request, request.GET.get("next", "")),
        "language": (translation.get_language() or "th")[:2],
    }
    redirect_uri = request.build_absolute_uri(reverse("sso_callback", args=[chosen.name]))
    try:
        return _client(chosen).authorize_redirect(
            request, redirect_uri, ui_locales=translation.get_language() or "th"
        )
    except requests.RequestException:
        log.warning("sso: %s's discovery document cannot be read", chosen.name, exc_info=True)
        return _refuse(request, _unreachable(chosen), status=503)


def _unreachable(provider: Provider) -> str:
    return _(
        "%(provider)s does not answer at the moment. Please try again later, or log in with "
        "your username and password."
    ) % {"provider": provider.label}


@require_GET
@ratelimit(key="ip", rate=_rate, block=False)
def callback(request, provider: str):
    """Back from the provider with a code: exchange it, verify the ID token, sign the person
    in (or on to sign-up)."""
    chosen = _get_provider(provider)
    where = request.session.get(_NEXT) or {}
    translation.activate(where.get("language") or "th")
    request.LANGUAGE_CODE = translation.get_language()
    if getattr(request, "limited", False):
        return render(request, "accounts/too_many_requests.html", status=429)
    if request.GET.get("error"):
        return _refuse(
            request,
            _("%(provider)s did not sign you in (cancelled or refused). Please try again.")
            % {"provider": chosen.label},
        )
    client = _client(chosen)
    try:
        # Authlib checks ``aud`` only through ``azp`` unless told: a token for another service
        # that names us as its authorised party must not pass.
        issuer = client.load_server_metadata()["issuer"]
        token = client.authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "values": [issuer]},
                "aud": {"essential": True, "values": [chosen.client_id]},
            },
        )
    except requests.RequestException:
        log.warning("sso: %s's token endpoint cannot be reached", chosen.name, exc_info=True)
        return _refuse(request, _unreachable(chosen), status=503)
    except (AuthlibBaseError, JoseError) as exc:
        log.warning("sso: %s refused: %s", chosen.name, exc)
        return _refuse(request, _not_verified(chosen, exc))
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        log.warning("sso: %s gave no ID token", chosen.name)
        return _refuse(request, _not_verified(chosen, None))
    identity = Identity.from_claims(chosen, claims)
    user = find_account(identity)
    next_url = where.get("next") or ""
    if user is None:
        request.session[_PENDING] = dataclasses.asdict(identity)
        url = reverse("accounts:sso_signup")
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
    return _sign_in(request, user, identity, chosen, next_url)


def _not_verified(provider: Provider, exc) -> str:
    from authlib.integrations.base_client import MismatchingStateError

    if isinstance(exc, MismatchingStateError):
        return _(
            "Signing in with %(provider)s did not work: this request has expired or did not "
            "start from our log-in page, so we did not sign you in. Please start again from "
            "the log-in page."
        ) % {"provider": provider.label}
    return _(
        "Signing in with %(provider)s did not work: we could not verify its answer, so we did "
        "not sign you in. Please try again; if it keeps happening, contact Gov Lab."
    ) % {"provider": provider.label}


def _sign_in(request, user: User, identity: Identity, provider: Provider, next_url: str):
    from axes.handlers.proxy import AxesProxyHandler

    if not user.is_active:
        return _refuse(
            request,
            _("This account is closed. Contact Gov Lab if you need it again."),
            status=403,
        )
    # A lock-out after failed passwords holds for single sign-on too, from the same address.
    # Either name the person logs in with (accounts.lockout counts failures by what was typed).
    for name in {user.username, user.email} - {""}:
        if AxesProxyHandler.is_locked(request, credentials={"username": name}):
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    with transaction.atomic():
        link_identity(user, identity)
    login(request, user, backend=_BACKEND)
    request.session[_SIGNED_IN] = provider.name
    request.session.pop(_NEXT, None)
    if identity.second_factor and roles.needs_second_factor(user):
        request.session[PROVIDER_SECOND_FACTOR_SESSION_KEY] = user.pk
    return redirect(next_url or reverse(settings.LOGIN_REDIRECT_URL))


class SingleSignOnSignUpForm(ProfileFieldsMixin, forms.ModelForm):
    """Sign-up for someone the provider vouched for: the profile and the privacy notice, no
    password (they sign in through the provider; a password can be set later by reset)."""

    accept_privacy_notice = forms.BooleanField(
        label=gettext_lazy(
            "I have read the privacy notice and agree that Gov Lab processes my personal data "
            "to run my training and issue my certificates."
        ),
        required=True,
    )

    class Meta:
        model = User
        fields = ["email", *PROFILE_FIELDS]
        labels = PROFILE_LABELS

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = user.email
        user.set_unusable_password()
        user.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
        user.privacy_accepted_at = timezone.now()
        user.lawful_basis = settings.SIGNUP_LAWFUL_BASIS
        if commit:
            user.save()
        return user


def _initial_profile(identity: Identity) -> dict:
    """Names in Thai script go to the Thai fields, Latin ones to the English fields."""
    initial = {"email": identity.email, "preferred_language": translation.get_language()[:2]}
    thai = any("\u0e00" <= ch <= "\u0e7f" for ch in identity.given_name + identity.family_name)
    first, last = ("first_name_th", "last_name_th") if thai else ("first_name", "last_name")
    initial[first] = identity.given_name
    initial[last] = identity.family_name
    return initial


@require_http_methods(["GET", "POST"])
def signup(request):
    pending = request.session.get(_PENDING)
    if not pending:
        return redirect("accounts:login")
    identity = Identity(**pending)
    provider = _get_provider(identity.provider)
    form = SingleSignOnSignUpForm(request.POST or None, initial=_initial_profile(identity))
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    if request.method == "POST" and form.is_valid():
        from django.contrib.auth.models import Group

        with transaction.atomic():
            user = form.save()
            user.groups.add(*Group.objects.filter(name=Role.LEARNERS))
        del request.session[_PENDING]
        return _sign_in(request, user, identity, provider, next_url)
    return render(
        request,
        "accounts/sso_signup.html",
        {"form": form, "provider": provider, "next": next_url},
    )


@require_POST
def logout_view(request):
    """End our session; then, if the person signed in through a provider that offers
    RP-initiated log-out, end theirs there too. Without ``id_token_hint``: we do not keep ID
    tokens (ThaID's carries the citizen ID), so the provider may ask the person to confirm."""
    provider_name = request.session.get(_SIGNED_IN)
    logout(request)
    home = request.build_absolute_uri(settings.LOGOUT_REDIRECT_URL)
    if provider_name:
        try:
            provider = _get_provider(provider_name)
            end_session = _client(provider).load_server_metadata().get("end_session_endpoint")
        except (Http404, requests.RequestException):
            end_session = None
        if end_session:
            query = urlencode({"client_id": provider.client_id, "post_logout_redirect_uri": home})
            return redirect(f"{end_session}{'&' if '?' in end_session else '?'}{query}")
    return redirect(settings.LOGOUT_REDIRECT_URL)
