from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """Background jobs queued durably: every app's e-mails and long jobs go through it."""

    name = "outbox"
    # Not translated, as lms's: shown only to developers (no screen lists apps).
    verbose_name = "Outbox"
