"""The outbox sends the e-mails of the apps below it (privacy cannot import the outbox)."""

from wagtail import hooks

from outbox.messages import enqueue_email

# privacy/notifications.py: a data request received and its outcome.
hooks.register("send_personal_data_email", enqueue_email)
