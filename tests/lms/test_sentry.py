"""Error reports: Sentry starts only when SENTRY_DSN is set, and then an error in a view reaches
it without the person's data. A separate Django process sends to a small HTTP server here that
plays Sentry (the SDK's real transport, our real settings and middleware)."""

import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A URLconf with one view that fails, beside the site's own.
FAILING_URLS = """
from django.urls import path

from lms.urls import urlpatterns as site_patterns


def fail(request):
    raise RuntimeError("certificate renderer exploded")


urlpatterns = [path("fail/", fail), *site_patterns]
"""

SCRIPT = """
import django
django.setup()
import sentry_sdk
from django.conf import settings
from django.test import Client, override_settings

print("INITIALISED", sentry_sdk.is_initialized(), settings.SENTRY_ENABLED)
if settings.SENTRY_ENABLED:
    with override_settings(ROOT_URLCONF="failing_urls"):
        client = Client(raise_request_exception=False)
        client.cookies["sessionid"] = "secret-session-cookie"
        response = client.post(
            "/fail/?q=1", {"email": "somchai@dol.go.th"}, HTTP_X_REQUEST_ID="sentry-0001"
        )
    print("STATUS", response.status_code)
    sentry_sdk.flush(timeout=10)
"""


class _Sentry(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    _Sentry.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sentry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], _Sentry.received
    finally:
        server.shutdown()


def _run(tmp_path, **env):
    (tmp_path / "failing_urls.py").write_text(FAILING_URLS)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}",
        **env,
    }
    if "SENTRY_DSN" not in env:
        environment.pop("SENTRY_DSN", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_without_a_dsn_sentry_is_not_started(tmp_path, sentry_server):
    output = _run(tmp_path)
    assert "INITIALISED False False" in output
    assert sentry_server[1] == []


def test_an_error_in_a_view_is_reported_without_personal_data(tmp_path, sentry_server):
    port, received = sentry_server
    output = _run(
        tmp_path,
        SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="govlab-lms@1.2.3",
    )
    assert "INITIALISED True True" in output
    assert "STATUS 500" in output

    envelopes = b"\n".join(received).decode()
    events = [
        json.loads(line)
        for line in envelopes.splitlines()
        if line.startswith("{") and '"exception"' in line
    ]
    assert len(events) == 1, envelopes
    event = events[0]
    exception = event["exception"]["values"][-1]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "certificate renderer exploded"
    assert event["environment"] == "staging"
    assert event["release"] == "govlab-lms@1.2.3"
    assert event["tags"]["request_id"] == "sentry-0001"
    assert event["transaction"] == "/fail/"
    # PDPA: no form body, no cookie, no address of the person, no local variables.
    assert "somchai@dol.go.th" not in envelopes
    assert "secret-session-cookie" not in envelopes
    assert "127.0.0.1" not in json.dumps(event.get("user", {}))
    assert all("vars" not in frame for frame in exception["stacktrace"]["frames"])
