from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Whether the background half of the site is alive: worker and beat heartbeats, and the
    figures `/healthz` and `/metrics` report about them and the outbox."""

    name = "monitoring"
    # Not translated, as lms's: shown only to developers (no screen lists apps).
    verbose_name = "Monitoring"
