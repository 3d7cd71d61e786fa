"""A task queued by a web request is executed by a separate Celery worker process.

No eager mode: the request publishes to a real broker, a real worker (started here as a
subprocess) consumes it and sends the e-mail, which we read from the worker's mail folder.
"""

import email
import email.policy
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kombu import pools

from lms.celery import app
from tests.factories import make_learner
from tests.worker_database import database_url_for_worker as worker_url

ROOT = Path(__file__).resolve().parents[2]


def brokers():
    configured = os.environ.get("CELERY_BROKER_URL", "")
    yield pytest.param("embedded", id="embedded-sqlite-broker")
    if configured.startswith("redis://"):
        yield pytest.param(configured, id="redis")


def _reset_broker_connections():
    """Drop pooled connections so the next publish connects to the broker now configured."""
    pools.reset()  # kombu's process-wide connection and producer pools
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(request, tmp_path):
    broker_url = request.param
    if broker_url == "embedded":
        broker_url = f"sqlalchemy+sqlite:///{tmp_path / 'broker.sqlite3'}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        # The e-mail task claims its outbox row before sending: the worker must use the test
        # database, not the one DATABASE_URL names.
        "DATABASE_URL": worker_url(),
    }
    # Celery prefers the CELERY_BROKER_URL environment variable over conf.broker_url, but
    # publishes through broker_write_url when that is set.
    original = (app.conf.broker_write_url, app.conf.task_always_eager)
    app.conf.broker_write_url = broker_url
    app.conf.task_always_eager = False
    _reset_broker_connections()
    # Messages left over from an earlier, interrupted run would be sent too.
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield mail_dir, process
    finally:
        app.conf.broker_write_url, app.conf.task_always_eager = original
        _reset_broker_connections()
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("worker", list(brokers()), indirect=True)
def test_a_password_reset_email_is_sent_by_a_separate_worker(client, worker):
    mail_dir, process = worker
    make_learner(email="somchai@dol.go.th")

    response = client.post("/th/accounts/password-reset/", {"email": "somchai@dol.go.th"})
    assert response.status_code == 302

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(mail_dir.iterdir()):
        assert process.poll() is None, process.stdout.read()
        time.sleep(0.5)
    sent = [path.read_text() for path in mail_dir.iterdir()]
    if not sent:
        process.terminate()
        pytest.fail(
            "the worker did not send the e-mail within 60 s:\n" + process.communicate(timeout=20)[0]
        )
    assert len(sent) == 1
    # The file backend writes the raw message (Thai text is base64) followed by a dashed line.
    message = email.message_from_string(
        sent[0].split("\n" + "-" * 79)[0], policy=email.policy.default
    )
    assert message["To"] == "somchai@dol.go.th"
    body = message.get_content()
    assert "/th/accounts/password-reset/" in body
    assert "รหัสผ่าน" in body  # written in Thai, the language of the request
