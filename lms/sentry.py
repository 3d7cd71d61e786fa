"""Error reports to Sentry, only when `SENTRY_DSN` is set (called at the end of the settings).

Personal data stays out of the reports (PDPA): no cookies, user, address or headers that name
a person (`send_default_pii=False`), no request bodies (forms carry names, e-mail addresses,
national-strategy answers) and no local variables of the failing frames (they hold the
learner's rows). What is left is the exception, its stack, the address and the request id.
"""

from django.core.exceptions import ImproperlyConfigured

from lms.env import env_str


def _sample_rate(name: str) -> float:
    raw = env_str(name, "0")
    try:
        rate = float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number from 0 to 1; got {raw!r}.") from exc
    if not 0 <= rate <= 1:
        raise ImproperlyConfigured(f"{name} must be a number from 0 to 1; got {raw!r}.")
    return rate


def init_from_environment() -> bool:
    """Start the Sentry client for this process (web or worker); False when not configured."""
    dsn = env_str("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE", "") or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        # Performance tracing sends every sampled request's timings: off unless asked for.
        traces_sample_rate=_sample_rate("SENTRY_TRACES_SAMPLE_RATE"),
        before_send=_with_request_id,
    )
    return True


def _with_request_id(event, hint):
    from lms.request_id import current

    request_id = current()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event
