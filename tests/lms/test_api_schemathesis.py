"""Schemathesis against /api/v1/openapi.json: generated requests, answers checked against the
document (no 5xx, status codes, content types, headers and bodies as documented).

Through the Django WSGI application in-process, as every role: no credentials, a learner's,
a trainer's and an OPDC staff member's API token, each on every generated request. Bounded
and repeatable: `MAX_EXAMPLES` per operation, derandomized by the test profile (tests/conftest.py).
Skipped where schemathesis is not installed (it is in the dev extra).
"""

import json

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from wagtail.models import APIToken

from lms.api import api
from tests.courses.helpers import make_cohort
from tests.factories import make_learner, make_opdc_staff, make_trainer

schemathesis = pytest.importorskip("schemathesis")

MAX_EXAMPLES = 15


# The document /api/v1/openapi.json serves (tests/lms/test_api_document.py checks they are the
# same), read without a request: collection has no database.
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
)
schema.app = WSGIHandler()


@pytest.fixture
def _keep_the_test_connection(db):
    # As Django's test client does: a request's start and end must not close the test's
    # connection (its transaction holds the test data and is rolled back after the test).
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def tokens(_keep_the_test_connection):
    trainer = make_trainer()
    make_cohort(trainers=[trainer])
    keys = {"anonymous": None}
    for role, user in (
        ("learner", make_learner()),
        ("trainer", trainer),
        ("opdc", make_opdc_staff()),
    ):
        _token, keys[role] = APIToken.create_token(user=user, name="schemathesis")
    return keys


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_generated_request_is_answered_as_documented(case, tokens):
    for key in tokens.values():
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        case.call_and_validate(headers=headers)
