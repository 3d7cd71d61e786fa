"""Every surface that needs a staff role needs the second factor too, not only /admin/.

The staff surfaces are not listed here by hand: they are the rows of the authorisation matrix
(tests/lms/authorization_world.py, which fails when a route has no row) where a staff role is
let in and a learner of another cohort is not. So a new staff route is covered as soon as it
has its row. With the password alone each is refused (HTML: sent to verify a code; API: 403
with a message); after a code from the authenticator app each answers as the matrix says.
Learners' answers do not change with two-factor on.
"""

import copy
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import APIToken

from accounts import roles
from accounts.models import ApiTokenRecord
from tests.accounts.two_factor import totp_code
from tests.factories import make_learner, make_opdc_staff, make_trainer
from tests.lms import authorization_matrix as matrix
from tests.lms.authorization_world import ROWS, build_world, fingerprint
from tests.lms.test_authorization_matrix import _outcome

pytestmark = pytest.mark.django_db

STAFF_ROLES = ("trainer", "opdc", "superuser", "coordinator")
ALLOWED = (matrix.OK, matrix.REDIRECT)
# The second factor's own pages are reached before it, by design.
_BEFORE_THE_SECOND_FACTOR = re.compile(r"\(th\|en\)/accounts/two-factor/")


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True


def staff_cells() -> list[tuple[matrix.Row, str]]:
    """(row, staff role) for every row that lets the role in but not a stranger learner."""
    cells = []
    for row in ROWS:
        if row.url is None or _BEFORE_THE_SECOND_FACTOR.match(row.route):
            continue
        if row.expect["other_learner"] in ALLOWED:
            continue
        cells += [(row, role) for role in STAFF_ROLES if row.expect[role] in ALLOWED]
    return cells


def test_the_staff_surfaces_include_the_ones_the_issue_names():
    routes = {row.route for row, _role in staff_cells()}
    for named in (
        r"api/v1/prototypes/",
        r"admin/opdc-dashboard/export/",
        r"verify/<str:serial>/file/",
        r"checkin/sessions/<str:code>/screen/",
        r"admin/lms_datarequest/(results/)?",
        r"admin/cohorts/<str:code>/export/<slug:kind>\.<slug:file_format>",
        r"(th|en)/cohorts/<str:code>/requests/<int:enrollment_id>/<slug:decision>/",
    ):
        assert named in routes


def _request(client, row, world, headers=None):
    url = row.url(world)
    # A cell may rotate the session, whose row the rollback then removes: keep the old cookie.
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        before = fingerprint()
        if row.method == "GET":
            response = client.get(url, **(headers or {}))
        else:
            response = client.post(url, row.data(world) if row.data else {}, **(headers or {}))
        changed = fingerprint() != before
        transaction.set_rollback(True)
    client.cookies = cookies
    return url, response, changed


def _refused_for_the_second_factor(response, url) -> bool:
    if url.startswith("/api/"):
        return (
            response.status_code == 403
            # The way out, in any language: verify (a session) or a new token (an old token).
            and re.search(r"/accounts/(two-factor/verify|profile)/", response.json()["detail"])
            and response["Content-Type"].startswith("application/json")
        )
    return (
        response.status_code == 302 and "/accounts/two-factor/verify/?next=" in response["Location"]
    )


def test_each_staff_surface_needs_the_second_factor_then_answers_as_before():
    world = build_world()
    devices, clients = {}, {}
    for role in STAFF_ROLES:
        devices[role] = TOTPDevice.objects.create(user=world.users[role], name="phone")
        clients[role] = Client()
        clients[role].force_login(world.users[role])

    wrong = []
    cells = staff_cells()
    for row, role in cells:
        cache.clear()
        url, response, changed = _request(clients[role], row, world)
        if not _refused_for_the_second_factor(response, url):
            wrong.append(f"password only: {row.method} {url} as {role}: {response.status_code}")
        if changed:
            wrong.append(f"password only: {row.method} {url} as {role} changed data")
        if row.api_token:
            headers = {"HTTP_AUTHORIZATION": f"Bearer {world.api_keys[role]}"}
            url, response, _changed = _request(Client(), row, world, headers)
            if not _refused_for_the_second_factor(response, url):
                wrong.append(f"old token: {url} as {role}: {response.status_code}")

    for role in STAFF_ROLES:
        cache.clear()
        response = clients[role].post(
            "/en/accounts/two-factor/verify/", {"token": totp_code(devices[role].key)}
        )
        assert response.status_code == 302
    for row, role in cells:
        cache.clear()
        url, response, _changed = _request(clients[role], row, world)
        actual = _outcome(response, role)
        if actual != row.expect[role] or "two-factor" in response.get("Location", ""):
            wrong.append(f"verified: {row.method} {url} as {role}: {actual}")
    assert len(cells) > 40
    assert not wrong, "\n".join(wrong)


def test_learners_answers_do_not_change_with_two_factor_on():
    world = build_world()
    wrong = []
    for role in ("learner", "other_learner"):
        client = Client()
        client.force_login(world.users[role])
        for row in ROWS:
            if row.url is None:
                continue
            cache.clear()
            headers = {}
            if row.api_token:
                headers = {"HTTP_AUTHORIZATION": f"Bearer {world.api_keys[role]}"}
            url, response, _changed = _request(
                Client() if row.api_token else client, row, world, headers
            )
            if _outcome(response, role) != row.expect[role]:
                wrong.append(f"{row.method} {url} as {role}: {_outcome(response, role)}")
    assert not wrong, "\n".join(wrong)


def test_staff_without_a_device_are_sent_to_set_one_up(client):
    world = build_world()
    client.force_login(world.users["trainer"])

    response = client.get(f"/verify/{world.certificate.serial}/file/")

    assert response.status_code == 302
    assert response["Location"] == (
        f"/th/accounts/two-factor/setup/?next=%2Fverify%2F{world.certificate.serial}%2Ffile%2F"
    )


def test_the_api_says_why_a_session_without_the_second_factor_is_refused(client):
    client.force_login(make_opdc_staff())

    response = client.get("/api/v1/prototypes/", HTTP_ACCEPT_LANGUAGE="th")

    assert response.status_code == 403
    assert "/accounts/two-factor/verify/" in response.json()["detail"]
    assert "ยืนยันรหัสจากแอปยืนยันตัวตน" in response.json()["detail"]  # Thai first


def _token_from_profile(client) -> str:
    response = client.post("/en/accounts/profile/api-tokens/", {"name": "monitoring"})
    assert response.status_code == 200, response.status_code
    return re.search(r'id="new-api-key"[^>]*value="([^"]+)"', response.content.decode()).group(1)


def test_staff_make_tokens_only_after_the_second_factor_and_those_tokens_work(client):
    staff = make_opdc_staff()
    device = TOTPDevice.objects.create(user=staff, name="phone")
    client.force_login(staff)

    refused = client.post("/en/accounts/profile/api-tokens/", {"name": "monitoring"})

    assert refused.status_code == 302
    assert (
        refused["Location"] == "/en/accounts/two-factor/verify/?next=%2Fen%2Faccounts%2Fprofile%2F"
    )
    assert not APIToken.objects.exists()

    client.post("/en/accounts/two-factor/verify/", {"token": totp_code(device.key)})
    key = _token_from_profile(client)

    assert ApiTokenRecord.objects.get().made_with_second_factor
    response = Client().get("/api/v1/prototypes/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_a_staff_token_made_before_the_second_factor_opens_only_learner_endpoints(client):
    staff = make_opdc_staff()
    _token, key = APIToken.create_token(user=staff, name="old script")
    ApiTokenRecord.objects.create(token=_token, made_with_second_factor=False)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}

    mine = client.get("/api/v1/me/enrolments/", **headers)
    staff_only = client.get("/api/v1/prototypes/", **headers)

    assert mine.status_code == 200
    assert staff_only.status_code == 403
    assert "make a new token on your profile page" in staff_only.json()["detail"]


def test_a_token_made_outside_the_profile_page_does_not_count_as_verified():
    staff = make_opdc_staff()
    _token, key = APIToken.create_token(user=staff, name="shell")

    response = Client().get("/api/v1/prototypes/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 403
    assert not ApiTokenRecord.objects.exists()  # refusing it wrote nothing


def test_the_role_checks_count_a_staff_role_only_once_verified():
    trainer, staff, learner = make_trainer(), make_opdc_staff(), make_learner()
    for person in (trainer, staff, learner):
        person.is_verified = lambda: False

    assert not roles.is_trainer(trainer) and trainer.second_factor_missing
    assert not roles.is_opdc_staff(staff) and staff.second_factor_missing
    assert not roles.is_opdc_staff(learner)
    assert not hasattr(learner, "second_factor_missing")

    staff.is_verified = lambda: True
    assert roles.is_opdc_staff(staff)


def test_with_two_factor_off_the_roles_are_as_before(settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = False
    assert roles.is_opdc_staff(make_opdc_staff())
    assert roles.is_trainer(make_trainer())
