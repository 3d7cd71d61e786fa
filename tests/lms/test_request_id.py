"""Every log line of a request carries its id, answered in X-Request-ID, and so do the log lines
of the task the request queued, run by a separate worker (LOG_FORMAT=json there)."""

import contextlib
import io
import json
import logging
import re
import time

import pytest

from tests.celery_worker import (
    embedded_broker_url,
    publishing_to,
    start_worker,
    stop_worker,
    worker_environment,
)
from tests.factories import make_learner


@contextlib.contextmanager
def console_output():
    """What the site's own console log handler (its filter and format) writes meanwhile."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        yield written
    finally:
        handler.setStream(previous)


@pytest.mark.django_db
def test_a_request_answers_the_proxys_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="9f1c2e7a-proxy-0001")
    assert response["X-Request-ID"] == "9f1c2e7a-proxy-0001"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent", ["", "two words", "x" * 129, "line\r\nSet-Cookie: a=b", "-starts-with-a-dash"]
)
def test_an_implausible_id_is_replaced_by_a_new_one(client, sent):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=sent)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_each_request_gets_its_own_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second


@pytest.mark.django_db
def test_a_refused_request_is_logged_under_its_id(client):
    # Django logs a 4xx after the middleware has returned: the id must still be current.
    with console_output() as output:
        response = client.post("/healthz", HTTP_X_REQUEST_ID="refused-0001")
    assert response.status_code == 405
    lines = [line for line in output.getvalue().splitlines() if "Method Not Allowed" in line]
    assert lines and all(" refused-0001 " in line for line in lines)


def _json_lines(path):
    for line in path.read_text().splitlines():
        if line.startswith("{"):
            yield json.loads(line)


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_a_request_queued_logs_under_the_requests_id(client, tmp_path):
    broker_url = embedded_broker_url(tmp_path)
    make_learner(email="somchai@dol.go.th")
    log = tmp_path / "worker.log"
    env = worker_environment(
        broker_url,
        LOG_FORMAT="json",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
    )
    with publishing_to(broker_url):
        process = start_worker(env, log=log)
        try:
            with console_output() as output:
                response = client.post(
                    "/th/accounts/password-reset/",
                    {"email": "somchai@dol.go.th"},
                    HTTP_X_REQUEST_ID="reset-0001",
                )
            assert response.status_code == 302
            web = output.getvalue()
            published = [line for line in web.splitlines() if "published accounts.tasks" in line]
            assert len(published) == 1 and " reset-0001 " in published[0], web
            task_id = published[0].rsplit(" ", 1)[1]

            deadline = time.monotonic() + 60
            while not any(
                line.get("task_id") == task_id and "succeeded" in line["message"]
                for line in _json_lines(log)
            ):
                assert time.monotonic() < deadline and process.poll() is None, log.read_text()
                time.sleep(0.5)
        finally:
            stop_worker(process)

    task_lines = [line for line in _json_lines(log) if line.get("task_id") == task_id]
    assert task_lines, log.read_text()
    assert {line["request_id"] for line in task_lines} == {"reset-0001"}
    assert {line["task_name"] for line in task_lines} == {"accounts.tasks.send_email"}
    # The worker's own lines outside any request carry no id.
    assert any(line["request_id"] == "-" for line in _json_lines(log))
