"""The outbox sends the e-mails of the apps below it (privacy cannot import the outbox), and
has its screen in the admin (outbox/admin_views.py) for the people who may operate it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from outbox import admin_views
from outbox.messages import enqueue_email

# privacy/notifications.py: a data request received and its outcome.
hooks.register("send_personal_data_email", enqueue_email)


class OutboxMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_operate(request.user)


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [
        path("outbox/", admin_views.index, name="outbox_admin"),
        path("outbox/retry/", admin_views.retry, name="outbox_admin_retry"),
    ]


@hooks.register("register_admin_menu_item")
def register_outbox_menu_item():
    return OutboxMenuItem(_("Outbox"), reverse("outbox_admin"), icon_name="mail", order=910)


class _RetryLogFormatter(LogFormatter):
    label = _("Retry sending")

    def format_message(self, log_entry):
        return _("Queued to be sent again by hand.")


@hooks.register("register_log_actions")
def register_outbox_log_actions(actions):
    """admin_views.retry records who sent a message again, and when."""
    actions.register_action(admin_views.RETRY_ACTION)(_RetryLogFormatter)
