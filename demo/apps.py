from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo: `manage.py load_demo_data` and its content as data files (demo/content/).
    It sits on top of every app, whose builders (`<app>/demo.py`) it calls; no app imports it."""

    name = "demo"
    verbose_name = _("Demo")
