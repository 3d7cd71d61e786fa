from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_email(subject: str, body: str, to: list[str], html_body: str | None = None) -> None:
    """Send one e-mail from a worker so a slow or failing SMTP server never blocks a request."""
    message = EmailMultiAlternatives(subject, body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
