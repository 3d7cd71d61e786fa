"""`/metrics` for Prometheus, only when `METRICS_ENABLED` (404 otherwise), and only for a scraper
that shows `METRICS_TOKEN` (``Authorization: Bearer ...``) or comes from `METRICS_ALLOWED_IPS`.

Requests are counted and timed by `MetricsMiddleware` (labels: method, the view's URL name,
status), in this process. Under gunicorn each worker process has its own counters and a scrape
reaches one of them: set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder, the same for every
gunicorn worker, and the scrape adds them up (prometheus-client's multi-process mode; see
docs/operations.md). Workers alive and the outbox's waiting messages are read from the database
at each scrape, so they are right whichever process answers.
"""

import hmac
import os
import time

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from monitoring import heartbeats

REQUESTS = Counter("govlab_http_requests", "HTTP requests answered", ["method", "view", "status"])
LATENCY = Histogram(
    "govlab_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
# Anything else is one label value, so a scanner cannot grow the series without bound.
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.METRICS_ENABLED:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in _METHODS else "other"
        match = getattr(request, "resolver_match", None)
        # The URL's name, not the address: one series per view, not per course page.
        view = (match.view_name if match else "") or "unresolved"
        LATENCY.labels(method, view).observe(time.perf_counter() - started)
        REQUESTS.labels(method, view, str(response.status_code)).inc()
        return response


class _Background:
    """Workers alive and the outbox, from the database, at each scrape."""

    def collect(self):
        workers = heartbeats.workers()
        yield GaugeMetricFamily(
            "govlab_celery_workers_alive",
            "Celery workers whose heartbeat is within HEALTH_HEARTBEAT_MAX_AGE_SECONDS",
            value=workers.alive,
        )
        if workers.beat_age is not None:
            yield GaugeMetricFamily(
                "govlab_celery_beat_heartbeat_age_seconds",
                "Seconds since beat's last heartbeat",
                value=workers.beat_age,
            )
        yield GaugeMetricFamily(
            "govlab_outbox_unsent",
            "E-mails and jobs waiting in the outbox (not given up on)",
            value=heartbeats.unsent_count(),
        )
        yield GaugeMetricFamily(
            "govlab_outbox_oldest_unsent_age_seconds",
            "Seconds since the oldest message waiting in the outbox was written (0: none)",
            value=heartbeats.oldest_unsent_age() or 0,
        )


_BACKGROUND = CollectorRegistry(auto_describe=False)
_BACKGROUND.register(_Background())


def _process_registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if sent and hmac.compare_digest(sent.encode(), token.encode()):
            return True
    return request.META.get("REMOTE_ADDR") in settings.METRICS_ALLOWED_IPS


@never_cache
@require_GET
def metrics(request):
    if not settings.METRICS_ENABLED:
        raise Http404
    if not _allowed(request):
        return HttpResponseForbidden()
    body = generate_latest(_process_registry()) + generate_latest(_BACKGROUND)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
