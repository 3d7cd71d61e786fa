"""The authorisation matrix: every address of the site against every role, with the answer expected.

`tests/lms/test_authorization_matrix.py` walks the URL configuration and fails when a route
has no row here (add one: the failure message prints the route), then requests every row as
every role and compares. docs/security.md explains the roles.

A row names the route as the URL resolver spells it (a regular expression matched against the
whole route), how to build a real address for it from the test world, the method, and the
expected answer per role. Routes of Wagtail's own admin screens (pages, images, users ...) are
matched by pattern and checked through representative addresses: their permission checks are
Wagtail's, and we check that our roles get the answers we intend.

Answers:
    OK        200
    LOGIN     302 to our log-in page (learner-facing pages)
    ADMIN     302 to the admin log-in page (admin screens; also what Wagtail answers a
              logged-in person who may not use the admin)
    REDIRECT  302 somewhere else (a POST that did its job, or a "go here instead")
    DENIED    403
    MISSING   404 (we answer "not found" rather than reveal that something exists)
    BAD       400 (a refused check-in code, an invalid form)
    METHOD    405
    DASHBOARD 302 to the admin dashboard: how Wagtail refuses a person who may use the admin
              but not this screen ("Sorry, you do not have permission"); also where the admin
              log-in sends someone already logged in
For refused answers (LOGIN, ADMIN, DENIED, MISSING, BAD, METHOD) on a POST the test also
checks that nothing in the database changed.
"""

import dataclasses
import re
from collections.abc import Callable

OK, LOGIN, ADMIN, REDIRECT, DENIED, MISSING, BAD, METHOD, DASHBOARD = (
    "OK",
    "LOGIN",
    "ADMIN",
    "REDIRECT",
    "DENIED",
    "MISSING",
    "BAD",
    "METHOD",
    "DASHBOARD",
)
REFUSALS = {LOGIN, ADMIN, DENIED, MISSING, BAD, METHOD, DASHBOARD}

ROLES = (
    "anonymous",
    "learner",  # enrolled in cohort A
    "other_learner",  # enrolled in cohort B only
    "trainer",  # trains cohort A
    "other_trainer",  # trains cohort B only
    "opdc",  # OPDC staff
    "superuser",
    # Enrolled in cohort B as other_learner is, and coordinates the agency that nominated
    # `learner` (none of whose staff is `learner`): answered as other_learner unless a row says.
    "coordinator",
)


def answers(default=None, **by_role) -> dict[str, str]:
    unknown = set(by_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    table = {role: by_role.get(role, default) for role in ROLES}
    if "coordinator" not in by_role:
        # A coordinator is a learner like other_learner everywhere but their agency's area.
        table["coordinator"] = table["other_learner"]
    missing = [role for role, answer in table.items() if answer is None]
    if missing:
        raise ValueError(f"no answer for {missing}")
    return table


# The usual ladders.
PUBLIC = answers(OK)
SIGNED_IN = answers(OK, anonymous=LOGIN)
# Wagtail admin: staff roles get in; learners and visitors are sent to the admin log-in.
ADMIN_ALL_STAFF = answers(OK, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN)
# Our cohort screens: the trainers of the cohort, OPDC staff and superusers.
COHORT_STAFF = answers(
    OK, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN, other_trainer=DASHBOARD
)
OPDC_ONLY = answers(
    OK,
    anonymous=ADMIN,
    learner=ADMIN,
    other_learner=ADMIN,
    trainer=DASHBOARD,
    other_trainer=DASHBOARD,
)
SUPERUSER_ONLY = answers(
    DASHBOARD, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN, superuser=OK
)


@dataclasses.dataclass(frozen=True)
class Row:
    route: str  # regular expression over the resolver's route string
    url: Callable | None  # world -> address; None only with `covered_by`
    expect: dict[str, str] | None = None
    method: str = "GET"
    data: Callable | None = None  # world -> POST data
    covered_by: str = ""  # why this route has no request of its own
    api_token: bool = False  # send the role's API token instead of the session
    note: str = ""

    def matches(self, route: str) -> bool:
        return re.fullmatch(self.route, route) is not None


def lang(path: str) -> str:
    return f"/th/{path}"
