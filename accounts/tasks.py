from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from outbox.messages import claim_delivery, forget_delivered, release_delivery


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_email(
    subject: str,
    body: str,
    to: list[str],
    html_body: str | None = None,
    outbox_id: int | None = None,
    forget_after_sending: bool = False,
) -> None:
    """Send one e-mail from a worker so a slow or failing SMTP server never blocks a request.

    With `outbox_id` (queued through `outbox.messages.enqueue_deduplicated`) the e-mail goes out
    once even if the message reaches the worker twice; with `forget_after_sending` its row then
    drops the address and the body (an erasure's result, outbox.messages.forget_delivered)."""
    if outbox_id is not None and not claim_delivery(outbox_id):
        return
    message = EmailMultiAlternatives(subject, body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    try:
        message.send()
    except OSError:
        if outbox_id is not None:
            release_delivery(outbox_id)
        raise
    if outbox_id is not None and forget_after_sending:
        forget_delivered(outbox_id)
