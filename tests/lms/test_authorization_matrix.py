"""Every route has a row in the authorisation matrix, and every cell gives the expected answer."""

import copy
import hashlib

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import translation

from tests.lms import authorization_matrix as matrix
from tests.lms.authorization_world import ROWS, build_world, fingerprint, log_in

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def all_routes() -> list[str]:
    """Language-prefixed routes as Thai (the default) names them: a request to an /en/ page in
    an earlier test leaves English active in this process, and the prefix follows it."""
    # Django's development server of media files joins the URLconf when it is first loaded with
    # DEBUG on (tests/demo overrides it), never in production: not a route to authorise.
    development_media = f"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$"
    with translation.override("th"):
        routes = set(_walk(get_resolver().url_patterns)) - {development_media}
    return sorted(routes)


def test_every_route_has_a_row_in_the_matrix():
    missing = [route for route in all_routes() if not any(row.matches(route) for row in ROWS)]
    assert not missing, (
        "Routes without a row in tests/lms/authorization_world.py ROWS:\n" + "\n".join(missing)
    )


def test_every_row_matches_a_route():
    routes = all_routes()
    stale = [row.route for row in ROWS if not any(row.matches(route) for route in routes)]
    assert not stale, f"Rows for routes that no longer exist: {stale}"


def _outcome(response, role) -> str:
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if "/admin/login/" in location:
            return matrix.ADMIN
        if location == "/admin/":
            return matrix.DASHBOARD
        if "/accounts/login/" in location:
            return matrix.LOGIN
        return matrix.REDIRECT
    return {
        200: matrix.OK,
        201: matrix.OK,
        204: matrix.OK,
        400: matrix.BAD,
        401: matrix.LOGIN,
        403: matrix.DENIED,
        404: matrix.MISSING,
        405: matrix.METHOD,
    }.get(status, str(status))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_cell_of_the_matrix():
    world = build_world()
    clients = {}
    for role in matrix.ROLES:
        client = Client()
        log_in(client, world, role)
        clients[role] = client

    wrong = []
    for row in ROWS:
        if row.url is None:
            continue
        for role in matrix.ROLES:
            expected = row.expect[role]
            cache.clear()  # rate limits count per test cell, not across the whole matrix
            url = row.url(world)
            headers = {}
            if row.api_token and role != "anonymous":
                headers["HTTP_AUTHORIZATION"] = f"Bearer {world.api_keys[role]}"
            client = Client() if row.api_token else clients[role]
            # A cell may log the client out (the log-out row) or rotate its session: the next
            # cell starts from the role's own log-in again.
            cookies = copy.deepcopy(client.cookies)
            # Only a refusal promises that nothing changed: the (costly) fingerprint is taken
            # for those cells alone.
            refused = expected in matrix.REFUSALS
            with transaction.atomic():
                before = fingerprint() if refused else None
                if row.method == "GET":
                    response = client.get(url, **headers)
                else:
                    data = row.data(world) if row.data else {}
                    response = client.post(url, data, **headers)
                actual = _outcome(response, role)
                changed = refused and fingerprint() != before
                transaction.set_rollback(True)
            client.cookies = cookies
            if actual != expected:
                wrong.append(f"{row.method} {url} as {role}: expected {expected}, got {actual}")
            elif changed:
                wrong.append(f"{row.method} {url} as {role}: refused ({actual}) but data changed")
    assert not wrong, f"{len(wrong)} cells differ from the matrix:\n" + "\n".join(wrong)


def test_the_fingerprint_sees_a_change():
    """The 'nothing changed' check above is only as good as the fingerprint."""
    world = build_world()
    before = fingerprint()
    world.enrollment_a.status = "withdrawn"
    world.enrollment_a.save()
    assert fingerprint() != before
    assert hashlib.sha256(before.encode()).hexdigest()
