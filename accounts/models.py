from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.names import normalise_email, normalise_name
from thai.dates import format_year_month

# The username an erased account is given, followed by random hex (accounts/privacy.py). Sign-up
# makes the e-mail address the username, so no one else's starts with it.
ERASED_USERNAME_PREFIX = "erased-"


class Role:
    """Names of the groups a data migration creates; permissions hang off these groups. Ask
    who is what through :mod:`accounts.roles`."""

    LEARNERS = "Learners"
    TRAINERS = "Trainers"
    OPDC_STAFF = "OPDC staff"
    ALL = (LEARNERS, TRAINERS, OPDC_STAFF)


class LawfulBasis(models.TextChoices):
    """The PDPA (B.E. 2562) bases we rely on, with the section that provides each."""

    CONSENT = "consent", _("Consent (PDPA section 19)")
    CONTRACT = "contract", _("Contract (PDPA section 24(3))")
    PUBLIC_TASK = "public_task", _("Public task (PDPA section 24(4))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (PDPA section 24(6))")


class User(AbstractUser):
    class TitleTh(models.TextChoices):
        NAI = "นาย", "นาย"
        NANG = "นาง", "นาง"
        NANGSAO = "นางสาว", "นางสาว"
        DR = "ดร.", "ดร."
        OTHER = "", _("(none)")

    class TitleEn(models.TextChoices):
        MR = "Mr", "Mr"
        MRS = "Mrs", "Mrs"
        MS = "Ms", "Ms"
        MISS = "Miss", "Miss"
        DR = "Dr", "Dr"
        OTHER = "", _("(none)")

    # AbstractUser's first_name/last_name hold the English name.
    email = models.EmailField(_("e-mail address"), blank=True)
    title_th = models.CharField(
        _("title (Thai)"), max_length=16, choices=TitleTh.choices, blank=True
    )
    first_name_th = models.CharField(_("first name (Thai)"), max_length=150, blank=True)
    last_name_th = models.CharField(_("last name (Thai)"), max_length=150, blank=True)
    title_en = models.CharField(
        _("title (English)"), max_length=16, choices=TitleEn.choices, blank=True
    )
    agency = models.ForeignKey(
        "cms.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    agency_other = models.CharField(
        _("agency, if not in the list"),
        max_length=255,
        blank=True,
        help_text=_(
            "The name of your agency if the list does not have it. Gov Lab adds it to the "
            "list and moves your account to it."
        ),
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    province = models.ForeignKey(
        "cms.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    phone = models.CharField(_("phone (optional)"), max_length=32, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("th", "ไทย"), ("en", "English")],
        default="th",
    )
    # PDPA: what the person agreed to, and when, at sign-up.
    privacy_notice_version = models.CharField(
        _("privacy notice version accepted"), max_length=32, blank=True
    )
    privacy_accepted_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True
    )
    lawful_basis = models.CharField(
        _("lawful basis for processing"),
        max_length=32,
        choices=LawfulBasis.choices,
        blank=True,
        help_text=_("Recorded at sign-up beside the privacy notice version (PDPA)."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The OPDC staff group holds it (migration 0005); accounts.roles.is_opdc_staff asks it.
        permissions = [
            ("opdc_staff", "OPDC staff: oversees every cohort, certificate and the tracker"),
        ]
        constraints = [
            # One account per e-mail address, whatever its case: imports match people by e-mail.
            models.UniqueConstraint(
                Lower("email"), name="user_unique_email_ci", condition=~models.Q(email="")
            ),
        ]

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        for field in ("first_name_th", "last_name_th", "first_name", "last_name"):
            setattr(self, field, normalise_name(getattr(self, field)))
        # set_password() leaves the new raw password in _password until the save.
        password_changed = self.pk is not None and self._password is not None
        super().save(*args, **kwargs)
        if password_changed:
            self.revoke_api_tokens()

    def revoke_api_tokens(self) -> int:
        """Revoke every API token of this person: a changed or reset password means whoever
        knew the old one, and any script it set up, is locked out (the sessions already are,
        by Django's session hash). Returns how many were revoked."""
        from wagtail.models import APIToken

        return APIToken.objects.filter(user=self, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )

    @property
    def full_name_th(self) -> str:
        name = f"{self.first_name_th} {self.last_name_th}".strip()
        return f"{self.title_th}{name}" if name else ""

    @property
    def full_name_en(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{self.title_en} {name}".strip() if name else ""

    @property
    def privacy_notice_month(self) -> str:
        """The privacy notice version accepted ("2026-11") as the month it names, in the active
        language ("พฤศจิกายน 2569"): how pages show it; the stored value stays as it is."""
        return format_year_month(self.privacy_notice_version)

    @property
    def is_erased(self) -> bool:
        """Whether the account was anonymised at its owner's request (accounts/privacy.py)."""
        return not self.is_active and self.username.startswith(ERASED_USERNAME_PREFIX)

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to the other one, then the username;
        an erased person is "removed at their request", never their anonymised username."""
        if self.is_erased:
            # The wording of the My data page and of the person's certificates.
            return translation.gettext("Removed at their request")
        if (translation.get_language() or "th").startswith("en"):
            return self.full_name_en or self.full_name_th or self.username
        return self.full_name_th or self.full_name_en or self.username

    def get_full_name(self) -> str:
        return self.display_name

    def __str__(self) -> str:
        # Wherever the admin prints the person itself (choosers, history), never the anonymised
        # username of an erased person.
        return self.display_name if self.is_erased else super().__str__()


class ApiTokenRecord(models.Model):
    """What we record about one of Wagtail's ``APIToken``s, which we cannot add a column to:
    whether it was made in a session that had passed the second factor. A staff person's token
    is accepted only if so (``accounts.api_auth``). Tokens from before this record existed got
    one in migration 0006 that does not count as verified; so does a token without a record."""

    token = models.OneToOneField(
        "wagtailcore.APIToken",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="record",
        verbose_name=_("API token"),
    )
    made_with_second_factor = models.BooleanField(
        _("made after the second factor"),
        default=False,
        help_text=_("Made in a session verified with a code from an authenticator app."),
    )

    class Meta:
        verbose_name = _("API token record")
        verbose_name_plural = _("API token records")

    def __str__(self):
        return str(self.token)


class AgencyCoordinator(models.Model):
    """A person who coordinates training for an agency (ผู้ประสานงานหน่วยงาน): on the public
    site they see their agency's staff and their training, read only. One person may
    coordinate several agencies; an agency may have several coordinators."""

    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="coordinator_of",
    )
    agency = models.ForeignKey(
        "cms.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="coordinators",
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("agency coordinator")
        verbose_name_plural = _("agency coordinators")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="coordinator_unique_agency")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency}"


class LinkedIdentity(models.Model):
    """A person's account at an identity provider (ThaID, an agency's), linked to their Gov Lab
    account so they sign in there (accounts/single_sign_on.py). The provider's stable ``subject``
    identifies them; a citizen ID, when the provider gives one, is kept only as a keyed hash
    (HMAC-SHA-256 with ``OIDC_CITIZEN_ID_HASH_KEY``), enough to recognise the same person
    through another provider and useless to anyone who reads the table."""

    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="linked_identities",
    )
    provider = models.CharField(_("identity provider"), max_length=32)
    subject = models.CharField(_("subject at the provider"), max_length=255)
    citizen_id_hash = models.CharField(
        _("citizen ID (keyed hash)"), max_length=64, blank=True, editable=False
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last signed in with it"), null=True, blank=True)

    class Meta:
        verbose_name = _("linked identity")
        verbose_name_plural = _("linked identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="linked_identity_unique_subject"
            ),
        ]
        indexes = [
            # Sign-in through another provider finds the person by their citizen ID's hash.
            models.Index(
                fields=["citizen_id_hash"],
                name="linked_identity_citizen_id",
                condition=~models.Q(citizen_id_hash=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.subject}"
