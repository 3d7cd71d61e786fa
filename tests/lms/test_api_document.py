"""Every answer the API gives is in its OpenAPI document (/api/v1/openapi.json).

Generated from the document: each operation it lists is called as the persona ladder (no
credentials, a learner's token, a trainer's token on a cohort they train, an OPDC staff
token, an agency coordinator's token), with refused input (a NUL in the query, a cohort code
or a person that does not exist) and as a browser session without its CSRF token, and
every status it answered must be documented for that operation, with the error schema. A new endpoint is covered as soon as it is mounted.
The 503 of a lost database is answered for real in tests/lms/test_database_outage.py.
"""

import re

import pytest
from django.test import Client
from wagtail.models import APIToken

from accounts.models import AgencyCoordinator
from lms.api import api
from tests.courses.helpers import make_cohort
from tests.factories import make_agency, make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db

DOCUMENT = api.get_openapi_schema()
OPERATIONS = [
    pytest.param(method, path, operation, id=operation["operationId"])
    for path, operations in DOCUMENT["paths"].items()
    for method, operation in operations.items()
]


def _bearer(user) -> dict:
    _token, key = APIToken.create_token(user=user, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def world():
    trainer = make_trainer()
    agency = make_agency()
    coordinator = make_learner(agency=agency)
    AgencyCoordinator.objects.create(user=coordinator, agency=agency)
    return {
        "cohort": make_cohort(trainers=[trainer]),
        "learner": make_learner(agency=agency),
        "trainer": trainer,
        "opdc": make_opdc_staff(),
        "coordinator": coordinator,
    }


def _calls(path: str, world) -> list[tuple[str, str, Client, dict]]:
    """(what, url, client, headers) for one operation."""
    real = path.replace("{code}", world["cohort"].code).replace(
        "{person_id}", str(world["learner"].pk)
    )
    missing = path.replace("{code}", "NO-SUCH-COHORT").replace("{person_id}", "999999999")
    session = Client(enforce_csrf_checks=True)
    session.force_login(world["learner"])
    anonymous = Client()
    return [
        ("no credentials", real, anonymous, {}),
        ("an invalid token", real, anonymous, {"HTTP_AUTHORIZATION": "Bearer wagtail_nope"}),
        ("a learner's token", real, anonymous, _bearer(world["learner"])),
        ("the learner again", real, anonymous, _bearer(world["learner"])),
        ("a trainer's token", real, anonymous, _bearer(world["trainer"])),
        ("an OPDC staff token", real, anonymous, _bearer(world["opdc"])),
        ("an agency coordinator's token", real, anonymous, _bearer(world["coordinator"])),
        ("a missing cohort", missing, anonymous, _bearer(world["learner"])),
        ("a NUL in the query", real + "?language=t%00h", anonymous, _bearer(world["learner"])),
        ("a session without CSRF", real, session, {}),
    ]


def _resolved(schema: dict) -> dict:
    ref = schema.get("$ref", "")
    return DOCUMENT["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
def test_every_answer_of_the_operation_is_documented(world, method, path, operation):
    documented = {str(status) for status in operation["responses"]}
    answered = {}
    for what, url, client, headers in _calls(path, world):
        response = getattr(client, method)(url, **headers)
        answered.setdefault(str(response.status_code), what)
        assert str(response.status_code) in documented, (
            f"{method.upper()} {path} with {what} answered {response.status_code},"
            f" documented: {sorted(documented)}"
        )
        if response.status_code >= 400:
            assert response["Content-Type"].startswith("application/json")
            body = response.json()
            schema = _resolved(
                operation["responses"][_key(operation, response.status_code)]["content"][
                    "application/json"
                ]["schema"]
            )
            assert set(schema["required"]) <= set(body), (what, body)
    # The ladder reached the refusals, not only the happy path.
    assert {"400"} <= set(answered)


def _key(operation: dict, status: int):
    return status if status in operation["responses"] else str(status)


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
def test_every_operation_documents_the_database_outage_and_its_refusals(method, path, operation):
    responses = operation["responses"]
    assert {400, 503} <= set(responses)
    assert "Retry-After" in responses[503]["headers"]
    if operation.get("security"):
        assert {401} <= set(responses)
    # The 400 of a NUL is refused input, not a surprise: each text parameter says so.
    for parameter in operation.get("parameters", []):
        if parameter["schema"].get("type") == "string":
            pattern = re.compile(parameter["schema"]["pattern"])
            assert pattern.search("t\x00h") is None
            assert pattern.search("th") is not None
    for status, answer in responses.items():
        if status >= 400:
            [schema] = answer["content"]["application/json"].values()
            assert schema["$ref"] in (
                "#/components/schemas/Error",
                "#/components/schemas/DatabaseUnavailable",
            )


def test_the_published_document_is_the_one_with_the_common_answers(client):
    published = client.get("/api/v1/openapi.json").json()
    enrol = published["paths"]["/api/v1/cohorts/{code}/enrol/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "503"} <= set(enrol)
    assert published["components"]["schemas"]["DatabaseUnavailable"]["required"] == [
        "detail",
        "code",
    ]
