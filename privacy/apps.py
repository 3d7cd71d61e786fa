from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PrivacyConfig(AppConfig):
    """What we hold about a person: each app declares its own in ``<app>/privacy.py``."""

    name = "privacy"
    # Not translated, as lms's: shown only to developers (no screen lists apps).
    verbose_name = "Personal data"

    def ready(self):
        # As the admin discovers admin.py: importing each app's privacy.py registers its
        # handlers (privacy.registry.register). This app's own is privacy/privacy.py.
        autodiscover_modules("privacy")
