"""HEAD through the WSGI handler, as gunicorn calls it (the test client drops bodies itself)."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from tests.factories import make_course

pytestmark = pytest.mark.django_db


def _wsgi(method: str, path: str) -> tuple[str, dict[str, str], bytes]:
    environ = RequestFactory()._base_environ(REQUEST_METHOD=method, PATH_INFO=path)
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered["status"], answered["headers"] = status, dict(headers)

    # As Django's test client does: the test's database connection outlives the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answered["status"], answered["headers"], body


def test_a_head_request_gets_the_pages_headers_and_no_body():
    course = make_course(title="การออกแบบบริการภาครัฐ")
    path = course.url

    get_status, get_headers, get_body = _wsgi("GET", path)
    head_status, head_headers, head_body = _wsgi("HEAD", path)

    assert get_status == head_status == "200 OK"
    assert "การออกแบบบริการภาครัฐ".encode() in get_body
    assert head_body == b""
    # What a GET would have sent: its length and type.
    assert head_headers["Content-Length"] == get_headers["Content-Length"] == str(len(get_body))
    assert head_headers["Content-Type"] == get_headers["Content-Type"]


def test_a_head_request_for_a_static_file_has_no_body_either():
    status, headers, body = _wsgi("HEAD", "/favicon.ico")
    assert status.startswith("30")
    assert body == b""
