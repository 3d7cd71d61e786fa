"""A request id on every log line of a request, and of the Celery tasks the request queued.

`RequestIdMiddleware` (first in MIDDLEWARE) takes the proxy's ``X-Request-ID`` when it is a
plausible id, else makes one, answers it in the response's ``X-Request-ID`` and keeps it in a
context variable until the request has finished (Django logs a 4xx/5xx response after the
middleware returns). `RequestIdFilter`, on the log handler, puts it on every record as
``request_id`` ("-" outside a request), with ``task_id`` and ``task_name`` inside a task.

Tasks: `carry_into_task` (before_task_publish) adds the id to the message's headers;
`adopt_in_task` (task_prerun) makes it the worker's current id while the task runs and
`leave_task` (task_postrun) clears it. An e-mail published later by the outbox relay (the
broker was down at the request) has no id: the relay is not the request.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished

HEADER = "X-Request-ID"
# What a proxy's id looks like (nginx's $request_id is 32 hex digits, others a UUID): short,
# and nothing that could forge a log line or a header.
_PLAUSIBLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
# The message header that carries the id into a task (a plain name: it becomes an attribute
# of the task's request in the worker).
TASK_HEADER = "govlab_request_id"

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_task: ContextVar[tuple[str, str] | None] = ContextVar("task", default=None)


def current() -> str | None:
    return _request_id.get()


def _from_proxy(value: str | None) -> str | None:
    return value if value and _PLAUSIBLE.fullmatch(value) else None


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _from_proxy(request.headers.get(HEADER)) or uuid.uuid4().hex
        request.request_id = request_id
        _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget(**kwargs) -> None:
    _request_id.set(None)


# After the response is sent and logged, so no later request on this thread inherits the id.
request_finished.connect(_forget, dispatch_uid="lms.request_id.forget")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        task = _task.get()
        if task is not None:
            record.task_id, record.task_name = task
        return True


def carry_into_task(headers=None, **kwargs) -> None:
    request_id = _request_id.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def adopt_in_task(task_id=None, task=None, **kwargs) -> None:
    _task.set((task_id, task.name))
    if task.request.is_eager:
        return  # run inside the request itself: its id is already the current one
    _request_id.set(_from_proxy(getattr(task.request, TASK_HEADER, None)))


def leave_task(task=None, **kwargs) -> None:
    _task.set(None)
    if not task.request.is_eager:
        _request_id.set(None)
