from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    """The people who use Gov Lab LMS: a custom user with Thai and English names, agency and
    province, needed by courses and certificates and resting on cms reference data."""

    name = "accounts"
    verbose_name = _("Accounts")


class GovLabUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the Thai/English profile fields on its forms."""

    user_viewset = "accounts.admin_views.GovLabUserViewSet"
