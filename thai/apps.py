from django.apps import AppConfig


class ThaiConfig(AppConfig):
    """No models: installed so that its template tag library (`thai_dates`) is found."""

    name = "thai"
    verbose_name = "Thai dates and text"
