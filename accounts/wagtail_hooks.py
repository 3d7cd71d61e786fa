"""Log-in security in the Wagtail admin for OPDC staff (accounts/admin_security.py): its menu
items, its addresses, its audit-log actions, and the admin home's "Operations" panel, which also
counts the outbox's stuck messages (the outbox, below this app, cannot ask who is OPDC staff)."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter

from accounts import admin_security, lockout, two_factor
from accounts.roles import is_opdc_staff
from outbox.models import OutboxMessage


class OpdcStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_opdc_staff(request.user)


@hooks.register("register_admin_urls")
def register_security_urls():
    return [
        path("second-factor/", admin_security.two_factor_people, name="accounts_admin_two_factor"),
        path(
            "second-factor/<int:pk>/reset/",
            admin_security.reset_two_factor,
            name="accounts_admin_two_factor_reset",
        ),
        path("lockouts/", admin_security.lockouts, name="accounts_admin_lockouts"),
        path(
            "lockouts/<int:attempt_id>/unlock/",
            admin_security.unlock,
            name="accounts_admin_unlock",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_two_factor_menu_item():
    return OpdcStaffMenuItem(
        # Short enough for the sidebar: "การยืนยันตัวตนสองขั้น…" was cut off.
        _("Two-factor"),
        reverse("accounts_admin_two_factor"),
        icon_name="key",
        order=920,
    )


@hooks.register("register_admin_menu_item")
def register_lockouts_menu_item():
    return OpdcStaffMenuItem(
        _("Lock-outs"), reverse("accounts_admin_lockouts"), icon_name="lock", order=930
    )


class OperationsPanel(Component):
    name = "operations"
    template_name = "accounts/admin/home_operations.html"
    order = 41

    def get_context_data(self, parent_context=None):
        return {
            "outbox_url": reverse("outbox_admin"),
            "stuck": OutboxMessage.objects.stuck(timezone.now()).count(),
            "failed": OutboxMessage.objects.failed().count(),
            "lockouts_url": reverse("accounts_admin_lockouts"),
            "lockouts": len(lockout.current_lockouts()),
            "two_factor_url": reverse("accounts_admin_two_factor"),
        }


@hooks.register("construct_homepage_panels")
def add_operations_panel(request, panels):
    if is_opdc_staff(request.user):
        panels.append(OperationsPanel())


class _TwoFactorResetLogFormatter(LogFormatter):
    label = _("Reset two-factor authentication")

    def format_message(self, log_entry):
        return _("Second factor removed. Reason: %(reason)s") % {
            "reason": log_entry.data.get("reason", "")
        }


class _UnlockLogFormatter(LogFormatter):
    label = _("Lift a lock-out")

    def format_message(self, log_entry):
        return _("Unlocked %(who)s from %(address)s after %(failures)s failed log-ins.") % {
            "who": log_entry.data.get("who") or log_entry.label,
            "address": log_entry.data.get("address", ""),
            "failures": log_entry.data.get("failures", ""),
        }


@hooks.register("register_log_actions")
def register_security_log_actions(actions):
    actions.register_action(two_factor.TWO_FACTOR_RESET)(_TwoFactorResetLogFormatter)
    actions.register_action(lockout.UNLOCK)(_UnlockLogFormatter)
