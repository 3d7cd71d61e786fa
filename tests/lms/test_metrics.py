"""/metrics: 404 unless METRICS_ENABLED, then only for the scraper's token or address; it counts
and times requests and reports workers alive and the outbox's waiting messages."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from monitoring import heartbeats
from monitoring.models import Heartbeat
from outbox.models import OutboxMessage
from tests.lms.test_settings import manage

TOKEN = "scrape-token-0123456789"  # noqa: S105


@pytest.fixture
def enabled(settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = ["10.0.0.9"]


def _scrape(client, **headers):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **headers)


def _samples(response):
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


@pytest.mark.django_db
def test_it_is_not_there_unless_enabled(client):
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": TOKEN + "x"}],
    ids=["no-token", "wrong-token", "not-bearer"],
)
def test_it_refuses_a_scraper_without_the_token_or_address(client, enabled, headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 403
    assert b"govlab_" not in response.content


@pytest.mark.django_db
def test_it_answers_the_token_and_the_allowed_address(client, enabled):
    assert _scrape(client).status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.django_db
def test_requests_are_counted_by_view_and_status_and_timed(client, enabled):
    before = _samples(_scrape(client))
    client.get("/healthz")
    client.get("/healthz")
    client.post("/healthz")
    after = _samples(_scrape(client))

    def grown(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert grown("govlab_http_requests_total", method="GET", view="healthz", status="200") == 2
    assert grown("govlab_http_requests_total", method="POST", view="healthz", status="405") == 1
    assert grown("govlab_http_request_duration_seconds_count", method="GET", view="healthz") == 2


@pytest.mark.django_db
def test_a_course_page_is_one_series_not_one_per_address(client, enabled):
    client.get("/th/no-such-course-1/")
    client.get("/th/no-such-course-2/")
    views = {
        dict(labels)["view"]
        for (name, labels) in _samples(_scrape(client))
        if name == "govlab_http_requests_total"
    }
    assert not any("no-such-course" in view for view in views)


@pytest.mark.django_db
def test_it_reports_workers_alive_and_the_outbox(client, enabled):
    heartbeats.record("celery@worker1", Heartbeat.Role.WORKER)
    heartbeats.record("celery@worker2", Heartbeat.Role.WORKER)
    old = OutboxMessage.objects.create(task="accounts.tasks.send_email")
    OutboxMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    OutboxMessage.objects.create(task="accounts.tasks.send_email")

    samples = _samples(_scrape(client))
    assert samples[("govlab_celery_workers_alive", ())] == 2
    assert samples[("govlab_outbox_unsent", ())] == 2
    assert 595 < samples[("govlab_outbox_oldest_unsent_age_seconds", ())] < 605


def test_enabled_without_a_token_or_address_stops_start_up():
    result = manage("check", METRICS_ENABLED="1", METRICS_TOKEN=None, METRICS_ALLOWED_IPS=None)
    assert result.returncode != 0
    assert "METRICS_ENABLED needs METRICS_TOKEN or METRICS_ALLOWED_IPS" in result.stderr
    assert ImproperlyConfigured.__name__ in result.stderr
