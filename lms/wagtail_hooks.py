"""The Wagtail admin of the project layer, for OPDC staff only: the OPDC dashboard (its
addresses and a menu item only OPDC staff see). Personal data requests: privacy/wagtail_hooks.py."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.tracker import is_opdc_staff
from lms import dashboard


class OpdcStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_opdc_staff(request.user)


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("opdc-dashboard/", dashboard.dashboard, name="opdc_dashboard"),
        path("opdc-dashboard/export/", dashboard.export, name="opdc_dashboard_export"),
    ]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return OpdcStaffMenuItem(
        _("OPDC dashboard"), reverse("opdc_dashboard"), icon_name="table", order=50
    )
