from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm

from accounts.names import normalise_email, normalise_name
from accounts.validators import validate_latin_name, validate_phone, validate_thai_name
from thai.text import normalise_text

User = get_user_model()

PROFILE_FIELDS = [
    "title_th",
    "first_name_th",
    "last_name_th",
    "title_en",
    "first_name",
    "last_name",
    "agency",
    "agency_other",
    "position",
    "province",
    "phone",
    "preferred_language",
]


# Explicit labels are shown as given (Django capitalises only those it takes from the model's
# verbose_name), so capitalised here as the model's are on the same form.
PROFILE_LABELS = {
    "first_name": capfirst(_("first name (English)")),
    "last_name": capfirst(_("last name (English)")),
}

# Django's password texts that its own Thai catalogue leaves untranslated (Django 6.1). Named
# here so that makemessages keeps their Thai in lms/locale/th, which Django's gettext reads before
# its own catalogues (LOCALE_PATHS); the validators and forms translate them when they run.
_DJANGO_PASSWORD_TEXTS = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
)


class NameRulesMixin:
    """Names in their script, an agency from the list or typed, never both: the rules every
    form that edits a person's profile applies (sign-up, My profile, the admin's user forms)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "agency" in self.fields:
            self.fields["agency"].queryset = self.fields["agency"].queryset.select_related(
                "ministry"
            )
            self.fields["agency"].empty_label = _("Not in the list (type it below)")
            # In English, the lists in English alphabetical order: the reference data is kept
            # in Thai dictionary order, which reads as no order at all to an English reader.
            if (translation.get_language() or "th").startswith("en"):
                for name in ("agency", "province"):
                    self.fields[name].queryset = self.fields[name].queryset.order_by("name_en")

    def clean(self):
        cleaned = super().clean()
        other = normalise_text(cleaned.get("agency_other") or "")
        if cleaned.get("agency") and other:
            self.add_error(
                "agency_other",
                _("Choose your agency from the list or type it here, not both."),
            )
        cleaned["agency_other"] = other
        return cleaned

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        clash = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    # Checked as they will be saved (User.save normalises names), so a zero-width space pasted
    # from a Thai word processor is not mistaken for a foreign letter.
    def _clean_name(self, field, validate):
        name = normalise_name(self.cleaned_data[field])
        validate(name)
        return name

    def clean_first_name_th(self):
        return self._clean_name("first_name_th", validate_thai_name)

    def clean_last_name_th(self):
        return self._clean_name("last_name_th", validate_thai_name)

    def clean_first_name(self):
        return self._clean_name("first_name", validate_latin_name)

    def clean_last_name(self):
        return self._clean_name("last_name", validate_latin_name)

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        validate_phone(phone)
        return phone


class ProfileFieldsMixin(NameRulesMixin):
    """Names are required (certificates print them), e-mail addresses stay unique, and a
    person names their agency: from the list, or typed when it is not in it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "first_name_th", "last_name_th", "first_name", "last_name"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        # "Not in the list" with nothing typed named no agency at all. Not checked when the
        # list's own choice was refused (that field has its message already).
        if (
            "agency" not in self.errors
            and not cleaned.get("agency")
            and not cleaned.get("agency_other")
        ):
            self.add_error(
                "agency_other",
                _(
                    "Your agency is not in the list: type its full name here, or choose it "
                    "from the list above."
                ),
            )
        return cleaned


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", *PROFILE_FIELDS]
        labels = PROFILE_LABELS


class SignUpForm(ProfileFieldsMixin, UserCreationForm):
    """Sign-up asks for the profile at once: certificates need the Thai and English names."""

    accept_privacy_notice = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that Gov Lab processes my personal data "
            "to run my training and issue my certificates."
        ),
        required=True,
    )

    class Meta:
        model = User
        fields = ["email", *PROFILE_FIELDS]
        labels = PROFILE_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django builds this help text once, when its module is imported, in whatever language
        # was active then: build it again for this request's language.
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()
        # Someone signing up on the English site prefers English (their e-mails follow it).
        if not self.is_bound:
            language = (translation.get_language() or "th")[:2]
            if language in dict(User._meta.get_field("preferred_language").choices):
                self.fields["preferred_language"].initial = language

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = user.email
        user.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
        user.privacy_accepted_at = timezone.now()
        user.lawful_basis = settings.SIGNUP_LAWFUL_BASIS
        if commit:
            user.save()
        return user


class GovLabUserEditForm(NameRulesMixin, WagtailUserEditForm):
    class Meta(WagtailUserEditForm.Meta):
        fields = WagtailUserEditForm.Meta.fields | set(PROFILE_FIELDS)


class GovLabUserCreationForm(NameRulesMixin, WagtailUserCreationForm):
    class Meta(WagtailUserCreationForm.Meta):
        fields = WagtailUserCreationForm.Meta.fields | set(PROFILE_FIELDS)


class LoginForm(AuthenticationForm):
    """The site's log-in form. Django's refusal names the username field by its label inside
    a sentence ("กรุณาใส่ ชื่อผู้ใช้ และรหัสผ่าน...", stray spaces in Thai) while our page asks
    for a username *or* e-mail: the refusal says what the page asked for, in one sentence."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or e-mail and password did not match. Check them and try again;"
            " the password is case-sensitive."
        ),
    }


class AdminLoginForm(WagtailLoginForm):
    """The admin's log-in form (WAGTAILADMIN_USER_LOGIN_FORM). Wagtail's leaves the password
    field without a label, so Django names it "Password" from the field name, untranslated:
    the Thai log-in page read "Password*" under "ชื่อผู้ใช้*"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. my reporting script."),
    )
