"""A task queued by a web request is executed by a separate Celery worker process.

No eager mode: the request publishes to a real broker, a real worker (started here as a
subprocess) consumes it and sends the e-mail, which we read from the worker's mail folder.
"""

import email
import email.policy
import time

import pytest

from tests.celery_worker import (
    broker_params,
    broker_url_for,
    publishing_to,
    start_worker,
    stop_worker,
    worker_environment,
)
from tests.factories import make_learner


@pytest.fixture
def worker(request, tmp_path):
    broker_url = broker_url_for(request.param, tmp_path)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = worker_environment(
        broker_url,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
    )
    with publishing_to(broker_url):
        process = start_worker(env)
        try:
            yield mail_dir, process
        finally:
            stop_worker(process)


MESSAGE_END = "\n" + "-" * 79 + "\n"


def wait_for_complete_mail(mail_dir, process, timeout=60):
    """The messages in the worker's mail folder, once each has been written out in full.

    The file backend creates the file, then writes the message and a dashed line: reading
    as soon as the file appears can catch it half-written (seen in CI as a message without
    its To header), so wait for the closing line.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        sent = [path.read_text() for path in sorted(mail_dir.iterdir())]
        if sent and all(text.endswith(MESSAGE_END) for text in sent):
            return sent
        time.sleep(0.5)
    process.terminate()
    pytest.fail(
        f"the worker did not send the e-mail within {timeout} s:\n"
        + process.communicate(timeout=20)[0]
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("worker", broker_params(), indirect=True)
def test_a_password_reset_email_is_sent_by_a_separate_worker(client, worker):
    mail_dir, process = worker
    make_learner(email="somchai@dol.go.th")

    response = client.post("/th/accounts/password-reset/", {"email": "somchai@dol.go.th"})
    assert response.status_code == 302

    sent = wait_for_complete_mail(mail_dir, process)
    assert len(sent) == 1
    # The file backend writes the raw message (Thai text is base64) followed by a dashed line.
    message = email.message_from_string(
        sent[0].removesuffix(MESSAGE_END), policy=email.policy.default
    )
    assert message["To"] == "somchai@dol.go.th"
    body = message.get_content()
    assert "/th/accounts/password-reset/" in body
    assert "รหัสผ่าน" in body  # written in Thai, the language of the request
