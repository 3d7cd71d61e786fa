"""E-mails about a person's data requests, in their own language: an acknowledgement when they
ask, and the outcome when OPDC staff handle the request (erased, kept and restricted, or
refused, with the reason).

Written to the outbox in the transaction that records the request or its outcome, like every
other e-mail (courses/notifications.py). The outbox sits above this app, so it supplies the
sender: the `send_personal_data_email` hook (outbox/wagtail_hooks.py, `enqueue_email`).
Templates: templates/emails/<kind>.<lang>.txt, whose first line is the subject.

Erasure removes the address from the account, so `handle` captures the `Recipient` first. That
e-mail is queued with no link to the account and `forget_after_sending`: once delivered, its
outbox row keeps neither the address nor the body (`outbox.messages.forget_delivered`); an
e-mail never delivered goes with the outbox's retention of failed rows.
"""

import dataclasses

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from privacy.models import DataRequest

_LANGUAGES = ("th", "en")


@dataclasses.dataclass(frozen=True)
class Recipient:
    """Where and how to write to a person, captured before their data is erased."""

    email: str
    language: str
    name: str

    @classmethod
    def of(cls, person) -> "Recipient":
        language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
        name = getattr(person, "display_name", "") or person.get_username()
        return cls(
            email=person.email or "",
            language=language if language in _LANGUAGES else settings.LANGUAGE_CODE,
            name=name,
        )


def _send(kind: str, recipient: Recipient, data_request: DataRequest, *, person=None) -> None:
    if not recipient.email:
        return
    with translation.override(recipient.language):
        text = render_to_string(
            f"emails/{kind}.{recipient.language}.txt",
            {
                "name": recipient.name,
                "data_request": data_request,
                "kind": data_request.get_kind_display(),
                "Status": DataRequest.Status,
                "my_data_url": settings.PUBLIC_BASE_URL + reverse("my_data"),
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    senders = hooks.get_hooks("send_personal_data_email")
    if not senders:
        raise ImproperlyConfigured("No send_personal_data_email hook: is outbox installed?")
    for send in senders:
        send(
            subject.strip(),
            body.strip(),
            recipient.email,
            person=person,
            forget_after_sending=person is None,
        )


def request_received(data_request: DataRequest) -> None:
    """The person asked: we have it, and OPDC staff handle it within 30 days."""
    person = data_request.person
    _send("data_request_received", Recipient.of(person), data_request, person=person)


def request_handled(data_request: DataRequest, recipient: Recipient, *, erased: bool) -> None:
    """OPDC staff handled the request. After an erasure the account no longer holds the
    address: the e-mail goes to the one captured before, linked to no account."""
    _send(
        "data_request_handled",
        recipient,
        data_request,
        person=None if erased else data_request.person,
    )
