"""The test world for the authorisation matrix and the matrix's rows (ROWS).

Two cohorts of one course: cohort A (trained by `trainer`, `learner` enrolled, a pending
request, a completed enrolment with a certificate) and cohort B (trained by `other_trainer`,
`other_learner` enrolled, and `coordinator`, who coordinates the agency that nominated
`learner`). Each role logs in once; each cell runs in a transaction that is
rolled back, so cells never see each other's changes.
"""

import dataclasses
import datetime
import hashlib

from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import APIToken

from accounts.models import AgencyCoordinator, User
from agencies.models import Nomination
from certificates.issuing import issue_certificate
from cms.editorial import setup_opdc_approval
from courses.checkin import qr_token
from courses.models import Cohort, Enrollment, SeatQuota, Session
from outbox.models import SEND_EMAIL_TASK, OutboxMessage
from tests.courses.helpers import make_cohort, make_session
from tests.factories import (
    make_agency,
    make_course,
    make_learner,
    make_module,
    make_opdc_staff,
    make_trainer,
)
from tests.lms.authorization_matrix import (
    ADMIN,
    ADMIN_ALL_STAFF,
    BAD,
    COHORT_STAFF,
    DASHBOARD,
    DENIED,
    LOGIN,
    MISSING,
    OK,
    OPDC_ONLY,
    PUBLIC,
    REDIRECT,
    SIGNED_IN,
    SUPERUSER_ONLY,
    Row,
    answers,
    lang,
)


@dataclasses.dataclass
class World:
    users: dict
    course: object
    module: object
    cohort_a: Cohort
    cohort_b: Cohort
    session_a: Session
    enrollment_a: Enrollment
    pending: Enrollment
    completed: Enrollment
    certificate: object
    api_keys: dict
    api_token_ids: dict
    outbox_message: object
    lockout: object
    enrolled: User  # a trainer with an authenticator app, in no role of the matrix
    nomination: Nomination
    invitation: Nomination
    quota_a: SeatQuota


def build_world() -> World:
    users = {
        "learner": make_learner(username="learner-a"),
        "other_learner": make_learner(username="learner-b"),
        "trainer": make_trainer(username="trainer-a"),
        "other_trainer": make_trainer(username="trainer-b"),
        "opdc": make_opdc_staff(username="opdc"),
        "superuser": User.objects.create_superuser("root", "root@opdc.go.th", "root-pass-2569"),
        "coordinator": make_learner(username="coordinator"),
    }
    course = make_course()
    module = make_module(course)
    # Page permissions and the approval workflow attach to the home page, which exists now.
    setup_opdc_approval(apps)
    cohort_a = make_cohort(course=course, trainers=[users["trainer"]])
    cohort_b = make_cohort(course=course, trainers=[users["other_trainer"]])
    now = timezone.now()
    session_a = make_session(
        cohort_a,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2),
    )
    make_session(cohort_b)
    enrollment_a = Enrollment.objects.create(
        learner=users["learner"], cohort=cohort_a, status=Enrollment.Status.ENROLLED
    )
    for learner_of_b in (users["other_learner"], users["coordinator"]):
        Enrollment.objects.create(
            learner=learner_of_b, cohort=cohort_b, status=Enrollment.Status.ENROLLED
        )
    pending = Enrollment.objects.create(
        learner=make_learner(username="waiting"), cohort=cohort_a, status=Enrollment.Status.PENDING
    )
    Cohort.objects.filter(pk__in=[cohort_a.pk, cohort_b.pk]).update(seats_taken=1)
    past = make_cohort(
        course=course,
        trainers=[users["trainer"]],
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() - datetime.timedelta(days=29),
    )
    completed = Enrollment.objects.create(
        learner=users["learner"], cohort=past, status=Enrollment.Status.COMPLETED
    )
    certificate = issue_certificate(completed)
    # `learner` is nominated to cohort B by the agency `coordinator` coordinates (and is on
    # the staff of; `learner` is not); an invitation waits for an address nobody here has.
    agency = make_agency()
    users["coordinator"].agency = agency
    users["coordinator"].save(update_fields=["agency"])
    AgencyCoordinator.objects.create(user=users["coordinator"], agency=agency)
    nomination = Nomination.objects.create(
        cohort=cohort_b, nominee=users["learner"], agency=agency, respond_by=cohort_b.start_date
    )
    invitation = Nomination.objects.create(
        cohort=cohort_b,
        invited_email="invited@agency.go.th",
        agency=agency,
        respond_by=cohort_b.start_date,
    )
    # Seats of cohort A reserved for the agency, until the day before it starts.
    quota_a = SeatQuota.objects.create(
        cohort=cohort_a,
        agency=agency,
        seats=2,
        release_on=cohort_a.start_date - datetime.timedelta(days=1),
    )
    api_keys, api_token_ids = {}, {}
    for role, user in users.items():
        token, key = APIToken.create_token(user=user, name=f"{role} token")
        api_keys[role], api_token_ids[role] = key, token.pk
    # An e-mail never sent, a second factor, a lock-out: for the operations screens.
    outbox_message = OutboxMessage.objects.create(
        task=SEND_EMAIL_TASK,
        args=["Subject", "Body", ["stuck@dol.go.th"]],
        recipient="stuck@dol.go.th",
    )
    enrolled = make_trainer(username="trainer-with-phone")
    TOTPDevice.objects.create(user=enrolled, name="phone", confirmed=True)
    lockout = AccessAttempt.objects.create(
        username="locked@dol.go.th",
        ip_address="203.0.113.7",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/th/accounts/login/",
    )
    return World(
        users=users,
        course=course,
        module=module,
        cohort_a=cohort_a,
        cohort_b=cohort_b,
        session_a=session_a,
        enrollment_a=enrollment_a,
        pending=pending,
        completed=completed,
        certificate=certificate,
        api_keys=api_keys,
        api_token_ids=api_token_ids,
        outbox_message=outbox_message,
        lockout=lockout,
        enrolled=enrolled,
        nomination=nomination,
        invitation=invitation,
        quota_a=quota_a,
    )


def log_in(client, world: World, role: str) -> None:
    if role == "anonymous":
        return
    client.force_login(world.users[role])


def fingerprint() -> str:
    """Row counts and a digest of every row of our apps' tables (history included), the
    outbox's, the log-in lock-outs' and the second factors'."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label not in {
            "accounts",
            "agencies",
            "cms",
            "courses",
            "certificates",
            "lms",
            "outbox",
            "axes",
            "otp_totp",
        }:
            continue
        if model._meta.app_label == "accounts" and model._meta.model_name == "user":
            rows = model.objects.order_by("pk").values_list("pk", "is_active", "email", "password")
        else:
            rows = model.objects.order_by("pk").values_list()
        digest.update(repr((model._meta.label, list(rows))).encode())
    return digest.hexdigest()


def _a(world):
    return world.cohort_a.code


def _admin(path):
    return lambda world: "/admin/" + path.format(w=world, a=world.cohort_a.code)


_OPERATIONS_POST = answers(
    REDIRECT,
    anonymous=ADMIN,
    learner=ADMIN,
    other_learner=ADMIN,
    trainer=DASHBOARD,
    other_trainer=DASHBOARD,
)

# Learners may not see another cohort's staff screens; the trainers of cohort A may.
_TOKEN = "wagtail_nonexistent-token-key"

ROWS: list[Row] = [
    # --- Public site ---------------------------------------------------------------------
    Row(r"healthz", lambda w: "/healthz", PUBLIC),
    # Off in the tests' settings (tests/lms/test_metrics.py turns it on).
    Row(r"metrics", lambda w: "/metrics", answers(MISSING)),
    Row(r"sitemap\.xml", lambda w: "/sitemap.xml", PUBLIC),
    Row(
        r"i18n/setlang/",
        lambda w: "/i18n/setlang/",
        answers(REDIRECT),
        "POST",
        lambda w: {"language": "en"},
    ),
    Row(r"th/search/|en/search/", lambda w: lang("search/?q=นวัตกรรม"), PUBLIC),
    Row(
        # Wagtail's own pattern, or ours that admits Thai vowel and tone marks in slugs.
        r"th/\^\(\(\?:\[\\w\\-\]\+/\)\*\)\$|th/\^\(\(\?:\[\^/\]\+/\)\*\)\$",
        lambda w: w.course.url,
        PUBLIC,
        note="Wagtail's page tree: every public page",
    ),
    Row(r"th/_util/login/|en/_util/login/", lambda w: lang("_util/login/"), PUBLIC),
    Row(
        r"th/_util/authenticate_with_password/.*|documents/authenticate_with_password/.*",
        None,
        covered_by="Wagtail's password form for privacy-restricted pages and documents; we set none",
    ),
    Row(
        r"documents/\^\(\\d\+\)/\(\.\*\)\$",
        lambda w: "/documents/999999/missing.pdf",
        answers(MISSING),
        note="Wagtail's document download; collection privacy decides",
    ),
    # --- Accounts ------------------------------------------------------------------------
    Row(
        r"(th|en)/accounts/signup/",
        lambda w: lang("accounts/signup/"),
        answers(REDIRECT, anonymous=OK),
    ),
    Row(
        r"(th|en)/accounts/login/",
        lambda w: lang("accounts/login/"),
        answers(REDIRECT, anonymous=OK),
    ),
    Row(r"(th|en)/accounts/logout/", lambda w: lang("accounts/logout/"), answers(REDIRECT), "POST"),
    # Single sign-on: the tests' settings configure no identity provider (the flow itself is
    # tests/accounts/test_single_sign_on.py, against a real one).
    Row(
        r"(th|en)/accounts/sso/<str:provider>/",
        lambda w: lang("accounts/sso/thaid/"),
        answers(MISSING),
    ),
    Row(
        r"sso/<str:provider>/callback/",
        lambda w: "/sso/thaid/callback/?code=x&state=y",
        answers(REDIRECT),
        note="no such provider: Django's locale middleware sends the 404 on to /th/...",
    ),
    Row(
        r"(th|en)/accounts/sso/signup/complete/",
        lambda w: lang("accounts/sso/signup/complete/"),
        answers(LOGIN),
        note="without a person the provider vouched for in the session: to the log-in page",
    ),
    Row(r"(th|en)/accounts/profile/", lambda w: lang("accounts/profile/"), SIGNED_IN),
    Row(
        r"(th|en)/accounts/profile/api-tokens/",
        lambda w: lang("accounts/profile/api-tokens/"),
        answers(OK, anonymous=LOGIN),
        "POST",
        lambda w: {"name": "calendar"},
    ),
    Row(
        r"(th|en)/accounts/profile/api-tokens/<int:token_id>/revoke/",
        lambda w: lang(f"accounts/profile/api-tokens/{w.api_token_ids['learner']}/revoke/"),
        answers(MISSING, anonymous=LOGIN, learner=REDIRECT),
        "POST",
    ),
    Row(
        r"(th|en)/accounts/password-change/",
        lambda w: lang("accounts/password-change/"),
        SIGNED_IN,
        note="the form; a POST needs the old password",
    ),
    Row(r"(th|en)/accounts/password-reset/", lambda w: lang("accounts/password-reset/"), PUBLIC),
    Row(
        r"(th|en)/accounts/password-reset/<uidb64>/<token>/",
        lambda w: lang("accounts/password-reset/MQ/not-a-token/"),
        PUBLIC,
        note="an invalid link shows the 'link expired' page",
    ),
    Row(
        r"(th|en)/accounts/password-reset/done/",
        lambda w: lang("accounts/password-reset/done/"),
        PUBLIC,
    ),
    # --- Learner pages -------------------------------------------------------------------
    Row(r"(th|en)/me/", lambda w: lang("me/"), SIGNED_IN),
    Row(r"(th|en)/me/calendar\.ics", lambda w: lang("me/calendar.ics"), SIGNED_IN),
    # An agency coordinator's area: only `coordinator` (of the agency that nominated
    # `learner`); `learner` is not on its staff, so their record is not found for them
    # (tests/agencies: coordinators of one agency against another's).
    Row(
        r"(th|en)/my-agency/",
        lambda w: lang("my-agency/"),
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
    ),
    Row(
        r"(th|en)/my-agency/people/<int:pk>/",
        lambda w: lang(f"my-agency/people/{w.users['learner'].pk}/"),
        answers(DENIED, anonymous=LOGIN, coordinator=MISSING),
        note="someone not on the coordinator's agency's staff",
    ),
    Row(
        r"(th|en)/my-agency/people/<int:pk>/",
        lambda w: lang(f"my-agency/people/{w.users['coordinator'].pk}/"),
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
        note="someone on the coordinator's agency's staff (the coordinator)",
    ),
    Row(
        r"(th|en)/my-agency/seats/",
        lambda w: lang("my-agency/seats/"),
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
        note="seats by agency: OPDC staff read every agency in the admin instead",
    ),
    Row(
        r"(th|en)/my-agency/seats/export/",
        lambda w: lang("my-agency/seats/export/?format=csv"),
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
    ),
    # Nominations: the coordinator's screens for `coordinator` only; only the nominee may see
    # and answer a nomination.
    Row(
        r"(th|en)/my-agency/nominate/",
        lambda w: lang(f"my-agency/nominate/?cohort={w.cohort_b.code}"),
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
    ),
    Row(
        r"(th|en)/my-agency/nominate/",
        lambda w: lang("my-agency/nominate/"),
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
        "POST",
        lambda w: {"cohort": w.cohort_b.code, "person": [w.users["other_learner"].pk]},
        note="for the coordinator, the form again saying other_learner is not on the staff",
    ),
    Row(
        r"(th|en)/my-agency/\^nominate/template\\\.\(\?P<file_format>csv\|xlsx\)\$",
        lambda w: lang("my-agency/nominate/template.xlsx"),
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
        note="the nomination list's template, for coordinators only",
    ),
    Row(
        r"(th|en)/my-agency/nominations/",
        lambda w: lang("my-agency/nominations/"),
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
    ),
    Row(
        r"(th|en)/my-agency/nominations/<uuid:code>/withdraw/",
        lambda w: lang(f"my-agency/nominations/{w.nomination.code}/withdraw/"),
        answers(DENIED, anonymous=LOGIN, coordinator=REDIRECT),
        "POST",
    ),
    # Requests to approve (two-stage approval, stage 1): coordinators only, and only their
    # agency's people's (tests/agencies/test_approval_views.py): `pending` is not of
    # `coordinator`'s agency, so it is not found for them.
    Row(
        r"(th|en)/my-agency/requests/",
        lambda w: lang("my-agency/requests/"),
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
    ),
    Row(
        r"(th|en)/my-agency/requests/<int:pk>/approve/",
        lambda w: lang(f"my-agency/requests/{w.pending.pk}/approve/"),
        answers(DENIED, anonymous=LOGIN, coordinator=MISSING),
    ),
    Row(
        r"(th|en)/my-agency/requests/<int:pk>/approve/",
        lambda w: lang(f"my-agency/requests/{w.pending.pk}/approve/"),
        answers(DENIED, anonymous=LOGIN, coordinator=MISSING),
        "POST",
        lambda w: {"reason": "ok"},
    ),
    Row(
        r"(th|en)/my-agency/requests/<int:pk>/decline/",
        lambda w: lang(f"my-agency/requests/{w.pending.pk}/decline/"),
        answers(DENIED, anonymous=LOGIN, coordinator=MISSING),
        "POST",
        lambda w: {"reason": "no"},
    ),
    Row(
        r"(th|en)/me/nominations/<uuid:code>/",
        lambda w: lang(f"me/nominations/{w.nomination.code}/"),
        answers(MISSING, anonymous=LOGIN, learner=OK),
    ),
    Row(
        r"(th|en)/me/nominations/<uuid:code>/accept/",
        lambda w: lang(f"me/nominations/{w.nomination.code}/accept/"),
        answers(MISSING, anonymous=LOGIN, learner=REDIRECT),
        "POST",
    ),
    Row(
        r"(th|en)/me/nominations/<uuid:code>/decline/",
        lambda w: lang(f"me/nominations/{w.nomination.code}/decline/"),
        answers(MISSING, anonymous=LOGIN, learner=REDIRECT),
        "POST",
        lambda w: {"reason": "ติดราชการ"},
    ),
    Row(
        r"(th|en)/me/nominations/invitation/<uuid:code>/",
        lambda w: lang(f"me/nominations/invitation/{w.invitation.code}/"),
        answers(REDIRECT, anonymous=OK),
        note="anonymous: what the invitation is, then sign up or log in; logged in: to My"
        " learning (for an account of another address, refused with a message)",
    ),
    Row(
        r"(th|en)/me/calendar/reset/",
        lambda w: lang("me/calendar/reset/"),
        answers(REDIRECT, anonymous=LOGIN),
        "POST",
    ),
    Row(
        r"(th|en)/calendar/<str:token>\.ics",
        lambda w: lang("calendar/not-a-real-token.ics"),
        answers(MISSING),
        note="the secret address is the only credential; a wrong one is not found for everyone",
    ),
    Row(
        r"(th|en)/cohorts/<str:code>/enrol/",
        lambda w: lang(f"cohorts/{w.cohort_a.code}/enrol/"),
        answers(REDIRECT, anonymous=LOGIN, trainer=DENIED),
        "POST",
        note="learners get their enrolment or a message; a trainer of the cohort may not enrol",
    ),
    Row(
        r"(th|en)/cohorts/<str:code>/withdraw/",
        lambda w: lang(f"cohorts/{w.cohort_b.code}/withdraw/"),
        answers(MISSING, anonymous=LOGIN, other_learner=REDIRECT),
        "POST",
        note="only the learner's own enrolment is ever withdrawn",
    ),
    Row(
        r"(th|en)/cohorts/<str:code>/withdraw/",
        lambda w: lang(f"cohorts/{w.cohort_b.code}/withdraw/"),
        answers(MISSING, anonymous=LOGIN, other_learner=OK),
        note="the confirmation page, for the learner's own enrolment only; changes nothing",
    ),
    Row(
        r"(th|en)/cohorts/<str:code>/requests/<int:enrollment_id>/<slug:decision>/",
        lambda w: lang(f"cohorts/{w.cohort_a.code}/requests/{w.pending.pk}/approve/"),
        answers(DENIED, anonymous=LOGIN, trainer=REDIRECT, opdc=REDIRECT, superuser=REDIRECT),
        "POST",
    ),
    Row(
        r"(th|en)/cohorts/<str:code>/requests/<int:enrollment_id>/<slug:decision>/",
        lambda w: lang(f"cohorts/{w.cohort_a.code}/requests/{w.pending.pk}/reject/"),
        answers(DENIED, anonymous=LOGIN, trainer=OK, opdc=OK, superuser=OK),
        note="opening the address only shows the confirmation; changes nothing",
    ),
    Row(
        r"(th|en)/modules/<uuid:key>/complete/",
        lambda w: lang(f"modules/{w.module.translation_key}/complete/"),
        answers(MISSING, anonymous=LOGIN, learner=REDIRECT, other_learner=REDIRECT),
        "POST",
    ),
    Row(r"(th|en)/me/data/", lambda w: lang("me/data/"), SIGNED_IN),
    Row(r"(th|en)/me/data\.json", lambda w: lang("me/data.json"), SIGNED_IN),
    Row(
        r"(th|en)/me/data/erase/",
        lambda w: lang("me/data/erase/"),
        answers(REDIRECT, anonymous=LOGIN),
        "POST",
        note="records an erasure request for OPDC staff to handle; erases nothing by itself",
    ),
    Row(
        r"(th|en)/me/data/erase/",
        lambda w: lang("me/data/erase/"),
        SIGNED_IN,
        note="the confirmation page: what erasure deletes and keeps; changes nothing",
    ),
    Row(
        r"(th|en)/accounts/two-factor/(setup|verify)/",
        lambda w: lang("accounts/two-factor/setup/"),
        answers(OK, anonymous=LOGIN, learner=MISSING, other_learner=MISSING, coordinator=OK),
        note="for people who may open the admin, and coordinators; each enrols their own",
    ),
    Row(
        r"csp-report/",
        lambda w: "/csp-report/",
        answers(BAD),
        "POST",
        note="browsers post violation reports here; an empty body is refused",
    ),
    # --- Check-in ------------------------------------------------------------------------
    Row(
        r"favicon.ico",
        lambda w: "/favicon.ico",
        answers(REDIRECT),
        note="browsers ask for it; it points at the static icon",
    ),
    Row(r"checkin/", lambda w: "/checkin/", SIGNED_IN),
    Row(
        r"(th|en)/checkin/",
        lambda w: lang("checkin/"),
        SIGNED_IN,
        note="the code-entry page linked from My learning, in the language of that page",
    ),
    Row(
        r"checkin/sessions/<str:code>/screen/",
        lambda w: f"/checkin/sessions/{w.session_a.code}/screen/",
        answers(DENIED, anonymous=LOGIN, trainer=OK, opdc=OK, superuser=OK),
    ),
    Row(
        r"checkin/sessions/<str:code>/screen/state/",
        lambda w: f"/checkin/sessions/{w.session_a.code}/screen/state/",
        answers(DENIED, anonymous=LOGIN, trainer=OK, opdc=OK, superuser=OK),
        note="the projector's next code and head count, as JSON",
    ),
    Row(
        r"checkin/<str:token>/",
        lambda w: f"/checkin/{qr_token(w.session_a)}/",
        answers(BAD, anonymous=LOGIN, learner=OK),
        note="the confirmation page for a seated learner (recording needs their own confirmation"
        " POST); anyone else is told at once that they are not in the cohort",
    ),
    Row(
        r"(th|en)/checkin/<str:token>/",
        lambda w: lang(f"checkin/{qr_token(w.session_a)}/"),
        answers(BAD, anonymous=LOGIN, learner=OK),
        note="the same scan at an address with a language, answered in that language",
    ),
    # --- Certificate verification --------------------------------------------------------
    Row(r"verify/", lambda w: "/verify/", PUBLIC),
    Row(r"verify/<str:serial>\.json", lambda w: f"/verify/{w.certificate.serial}.json", PUBLIC),
    Row(r"verify/<str:serial>/", lambda w: f"/verify/{w.certificate.serial}/", PUBLIC),
    Row(
        r"verify/<str:serial>/check/",
        lambda w: f"/verify/{w.certificate.serial}/check/",
        PUBLIC,
        "POST",
        note="without a file the form comes back with its error",
    ),
    Row(
        r"verify/<str:serial>/file/",
        lambda w: f"/verify/{w.certificate.serial}/file/",
        answers(MISSING, anonymous=LOGIN, learner=OK, trainer=OK, opdc=OK, superuser=OK),
        note="the holder, the cohort's trainers and OPDC staff; anyone else: not found",
    ),
    # --- JSON API ------------------------------------------------------------------------
    Row(r"api/v1/", None, covered_by="the API root only lists the endpoints below"),
    Row(r"api/v1/openapi\.json", lambda w: "/api/v1/openapi.json", PUBLIC),
    Row(r"api/v1/docs", lambda w: "/api/v1/docs", PUBLIC),
    Row(r"api/v1/courses/", lambda w: "/api/v1/courses/", PUBLIC),
    Row(r"api/v1/me/enrolments/", lambda w: "/api/v1/me/enrolments/", SIGNED_IN, api_token=True),
    Row(
        r"api/v1/cohorts/<code>/enrol/",
        lambda w: f"/api/v1/cohorts/{w.cohort_a.code}/enrol/",
        answers(OK, anonymous=LOGIN, trainer=DENIED),
        "POST",
        api_token=True,
    ),
    Row(
        r"api/v1/cohorts/<code>/withdraw/",
        lambda w: f"/api/v1/cohorts/{w.cohort_a.code}/withdraw/",
        answers(MISSING, anonymous=LOGIN, learner=OK),
        "POST",
        api_token=True,
    ),
    Row(
        r"api/v1/prototypes/",
        lambda w: "/api/v1/prototypes/",
        answers(DENIED, anonymous=LOGIN, opdc=OK, superuser=OK),
        api_token=True,
        note="for national monitoring systems: OPDC staff's tokens only",
    ),
    # The agency coordinator's API: every token but `coordinator`'s is refused before the
    # request is read (tests/agencies/test_api.py: coordinators of one agency against
    # another's).
    Row(
        r"api/v1/my-agency/agencies/",
        lambda w: "/api/v1/my-agency/agencies/",
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
        api_token=True,
    ),
    Row(
        r"api/v1/my-agency/people/",
        lambda w: "/api/v1/my-agency/people/",
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
        api_token=True,
    ),
    Row(
        r"api/v1/my-agency/people/<person_id>/",
        lambda w: f"/api/v1/my-agency/people/{w.users['learner'].pk}/",
        answers(DENIED, anonymous=LOGIN, coordinator=MISSING),
        api_token=True,
        note="someone not on the coordinator's agency's staff",
    ),
    Row(
        r"api/v1/my-agency/people/<person_id>/",
        lambda w: f"/api/v1/my-agency/people/{w.users['coordinator'].pk}/",
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
        api_token=True,
    ),
    Row(
        r"api/v1/my-agency/nominations/",
        lambda w: "/api/v1/my-agency/nominations/",
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
        api_token=True,
    ),
    Row(
        r"api/v1/my-agency/nominations/",
        lambda w: "/api/v1/my-agency/nominations/",
        answers(DENIED, anonymous=LOGIN, coordinator=BAD),
        "POST",
        lambda w: {"cohort": w.cohort_b.code, "person_id": w.users["other_learner"].pk},
        api_token=True,
        note="a form, not JSON: the coordinator is told the body is not valid",
    ),
    Row(
        r"api/v1/my-agency/nominations/<code>/withdraw/",
        lambda w: f"/api/v1/my-agency/nominations/{w.nomination.code}/withdraw/",
        answers(DENIED, anonymous=LOGIN, coordinator=OK),
        "POST",
        api_token=True,
    ),
    # --- Our admin screens ---------------------------------------------------------------
    Row(r"admin/cohorts/<str:code>/roster/", _admin("cohorts/{a}/roster/"), COHORT_STAFF),
    Row(
        r"admin/cohorts/<str:code>/requests/<int:enrollment_id>/<slug:decision>/",
        lambda w: f"/admin/cohorts/{w.cohort_a.code}/requests/{w.pending.pk}/reject/",
        answers(
            REDIRECT, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN, other_trainer=DASHBOARD
        ),
        "POST",
        data=lambda w: {"confirmed": "1"},  # unconfirmed, it only shows the confirmation
    ),
    Row(
        r"admin/cohorts/<str:code>/requests/<int:enrollment_id>/<slug:decision>/",
        lambda w: f"/admin/cohorts/{w.cohort_a.code}/requests/{w.pending.pk}/reject/",
        COHORT_STAFF,
        note="reloading the reject confirmation shows it again; changes nothing",
    ),
    Row(
        r"admin/cohorts/<str:code>/learners/<int:enrollment_id>/<slug:action>/",
        lambda w: f"/admin/cohorts/{w.cohort_a.code}/learners/{w.pending.pk}/remove/",
        COHORT_STAFF,
        note="promote, remove, no-show: a confirmation page; the change is a POST",
    ),
    Row(r"admin/cohorts/<str:code>/sessions/", _admin("cohorts/{a}/sessions/"), COHORT_STAFF),
    Row(
        r"admin/cohorts/<str:code>/sessions/add/", _admin("cohorts/{a}/sessions/add/"), COHORT_STAFF
    ),
    Row(
        r"admin/cohorts/<str:code>/sessions/<str:session_code>/edit/",
        lambda w: f"/admin/cohorts/{w.cohort_a.code}/sessions/{w.session_a.code}/edit/",
        COHORT_STAFF,
    ),
    Row(
        r"admin/cohorts/<str:code>/sessions/<str:session_code>/delete/",
        lambda w: f"/admin/cohorts/{w.cohort_a.code}/sessions/{w.session_a.code}/delete/",
        COHORT_STAFF,  # the confirmation page
    ),
    Row(
        r"admin/cohorts/<str:code>/sessions/<str:session_code>/delete/",
        lambda w: f"/admin/cohorts/{w.cohort_a.code}/sessions/{w.session_a.code}/delete/",
        answers(
            REDIRECT, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN, other_trainer=DASHBOARD
        ),
        "POST",
    ),
    Row(
        r"admin/cohorts/<str:code>/sessions/<str:session_code>/attendance/",
        lambda w: f"/admin/cohorts/{w.cohort_a.code}/sessions/{w.session_a.code}/attendance/",
        COHORT_STAFF,
    ),
    Row(r"admin/cohorts/<str:code>/quotas/", _admin("cohorts/{a}/quotas/"), COHORT_STAFF),
    Row(
        r"admin/cohorts/<str:code>/quotas/<int:quota_id>/",
        lambda w: f"/admin/cohorts/{w.cohort_a.code}/quotas/{w.quota_a.pk}/",
        COHORT_STAFF,
    ),
    Row(
        r"admin/cohorts/<str:code>/quotas/<int:quota_id>/delete/",
        lambda w: f"/admin/cohorts/{w.cohort_a.code}/quotas/{w.quota_a.pk}/delete/",
        answers(
            REDIRECT, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN, other_trainer=DASHBOARD
        ),
        "POST",
    ),
    Row(r"admin/cohorts/<str:code>/history/", _admin("cohorts/{a}/history/"), COHORT_STAFF),
    Row(
        r"admin/cohorts/<str:code>/export/<slug:kind>\.<slug:file_format>",
        _admin("cohorts/{a}/export/roster.xlsx"),
        COHORT_STAFF,
    ),
    Row(r"admin/cohorts/<str:code>/import/", _admin("cohorts/{a}/import/"), COHORT_STAFF),
    Row(
        r"admin/cohorts/<str:code>/import/<uuid:job_code>/",
        _admin("cohorts/{a}/import/00000000-0000-0000-0000-000000000000/"),
        answers(
            MISSING, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN, other_trainer=DASHBOARD
        ),
    ),
    Row(
        r"admin/cohorts/import-template\.<slug:file_format>",
        _admin("cohorts/import-template.csv"),
        ADMIN_ALL_STAFF,
    ),
    Row(r"admin/courses_cohort/", _admin("courses_cohort/"), ADMIN_ALL_STAFF),
    Row(r"admin/courses_cohort/results/", _admin("courses_cohort/results/"), ADMIN_ALL_STAFF),
    Row(
        r"admin/courses_cohort/new/",
        _admin("courses_cohort/new/"),
        answers(OK, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN),
    ),
    Row(
        r"admin/courses_cohort/edit/<int:pk>/",
        lambda w: f"/admin/courses_cohort/edit/{w.cohort_a.pk}/",
        COHORT_STAFF,
    ),
    Row(
        r"admin/courses_cohort/delete/<int:pk>/",
        lambda w: f"/admin/courses_cohort/delete/{w.cohort_a.pk}/",
        OPDC_ONLY,
        note="only OPDC staff delete a cohort",
    ),
    Row(
        r"admin/courses_cohort/history/<int:pk>/",
        lambda w: f"/admin/courses_cohort/history/{w.cohort_a.pk}/",
        COHORT_STAFF,
    ),
    Row(
        r"admin/courses_cohort/history-results/<int:pk>/",
        None,
        covered_by="the history page's own results fragment",
    ),
    Row(
        r"admin/courses_cohort/usage/<int:pk>/",
        lambda w: f"/admin/courses_cohort/usage/{w.cohort_a.pk}/",
        COHORT_STAFF,
    ),
    Row(
        r"admin/certificates/revoke/<int:pk>/",
        lambda w: f"/admin/certificates/revoke/{w.certificate.pk}/",
        answers(OK, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN, other_trainer=DASHBOARD),
    ),
    Row(
        r"admin/certificates/reissue/<int:pk>/",
        lambda w: f"/admin/certificates/reissue/{w.certificate.pk}/",
        answers(OK, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN, other_trainer=DASHBOARD),
    ),
    Row(
        r"admin/certificates/batch/<int:batch_id>/status\.json",
        lambda w: "/admin/certificates/batch/999999/status.json",
        answers(MISSING, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN),
    ),
    Row(
        r"admin/certificates/cohort/<int:cohort_id>/issue/",
        lambda w: f"/admin/certificates/cohort/{w.cohort_a.pk}/issue/",
        COHORT_STAFF,
    ),
    Row(
        r"admin/certificates/batch/<int:batch_id>/",
        lambda w: "/admin/certificates/batch/999999/",
        answers(MISSING, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN),
    ),
    Row(
        r"admin/certificates/cohort/<int:cohort_id>/certificates\.zip",
        lambda w: f"/admin/certificates/cohort/{w.cohort_a.pk}/certificates.zip",
        COHORT_STAFF,
    ),
    Row(r"admin/opdc-dashboard/", _admin("opdc-dashboard/"), OPDC_ONLY),
    Row(r"admin/opdc-dashboard/export/", _admin("opdc-dashboard/export/?format=xlsx"), OPDC_ONLY),
    Row(r"admin/agency-seats/", _admin("agency-seats/?group=ministry"), OPDC_ONLY),
    Row(r"admin/agency-seats/export/", _admin("agency-seats/export/?format=xlsx"), OPDC_ONLY),
    Row(r"admin/lms_datarequest/(results/)?", _admin("lms_datarequest/"), OPDC_ONLY),
    Row(
        r"admin/lms_datarequest/.+",
        _admin("lms_datarequest/new/"),
        answers(DASHBOARD, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN),
        note="requests are made by learners and handled through the screen below, not typed in",
    ),
    Row(
        r"admin/privacy/requests/<int:pk>/handle/",
        _admin("privacy/requests/999999/handle/"),
        answers(
            MISSING,
            anonymous=ADMIN,
            learner=ADMIN,
            other_learner=ADMIN,
            trainer=DASHBOARD,
            other_trainer=DASHBOARD,
        ),
    ),
    # Operations (outbox, second factors, lock-outs): OPDC staff and superusers only.
    Row(r"admin/outbox/", _admin("outbox/?state=all"), OPDC_ONLY),
    Row(
        r"admin/outbox/retry/",
        _admin("outbox/retry/"),
        _OPERATIONS_POST,
        "POST",
        data=lambda w: {"message": [str(w.outbox_message.pk)]},
    ),
    Row(r"admin/second-factor/", _admin("second-factor/"), OPDC_ONLY),
    Row(
        r"admin/second-factor/<int:pk>/reset/",
        lambda w: f"/admin/second-factor/{w.enrolled.pk}/reset/",
        OPDC_ONLY,
    ),
    Row(
        r"admin/second-factor/<int:pk>/reset/",
        lambda w: f"/admin/second-factor/{w.enrolled.pk}/reset/",
        _OPERATIONS_POST,
        "POST",
        data=lambda w: {"reason": "Lost phone, checked by a call", "confirmed": "True"},
    ),
    Row(r"admin/lockouts/", _admin("lockouts/"), OPDC_ONLY),
    Row(
        r"admin/lockouts/<int:attempt_id>/unlock/",
        lambda w: f"/admin/lockouts/{w.lockout.pk}/unlock/",
        _OPERATIONS_POST,
        "POST",
    ),
    Row(
        r"admin/certificates_certificate/(new|edit|delete|history|history-results|usage)/.*",
        lambda w: f"/admin/certificates_certificate/edit/{w.certificate.pk}/",
        answers(DASHBOARD, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN),
        note="certificates are issued, revoked and re-issued by our views, never edited",
    ),
    Row(r"admin/certificates_certificate/", _admin("certificates_certificate/"), ADMIN_ALL_STAFF),
    Row(
        r"admin/certificates_certificate/results/",
        _admin("certificates_certificate/results/"),
        ADMIN_ALL_STAFF,
    ),
    Row(
        r"admin/certificates_certificate/inspect/<int:pk>/",
        lambda w: f"/admin/certificates_certificate/inspect/{w.certificate.pk}/",
        answers(OK, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN, other_trainer=MISSING),
    ),
    # Reference data (snippets): OPDC staff keep it; trainers choose from it in their forms.
    Row(
        r"admin/snippets/(cms|certificates)/\w+/.*",
        _admin("snippets/cms/agency/"),
        OPDC_ONLY,
        note="list screens of reference data; add/edit/delete follow the same model permissions",
    ),
    Row(
        r"admin/snippets/certificates/certificatetemplate/add/",
        _admin("snippets/certificates/certificatetemplate/add/"),
        OPDC_ONLY,
        note="OPDC staff add and edit certificate designs (certificates 0004), not only superusers",
    ),
    Row(r"admin/snippets/choose/.*", _admin("snippets/choose/cms/agency/"), ADMIN_ALL_STAFF),
    Row(
        r"admin/snippets/",
        _admin("snippets/"),
        answers(DASHBOARD, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN),
        note="Wagtail's snippet index redirects to the dashboard: each snippet has its own menu",
    ),
    # --- Wagtail's own admin screens -----------------------------------------------------
    Row(r"admin/", _admin(""), ADMIN_ALL_STAFF, note="the dashboard"),
    Row(
        r"admin/pages/.*",
        _admin("pages/"),
        answers(OK, anonymous=ADMIN, learner=ADMIN, other_learner=ADMIN),
        note="the page explorer lists the part of the tree each editor may edit: the Thai and the"
        " English home pages, as in the demo",
    ),
    Row(r"admin/(images|documents)/.*", _admin("images/"), ADMIN_ALL_STAFF),
    Row(
        r"admin/(users|groups|sites|locales|collections|workflows|redirects|settings)/.*",
        _admin("users/"),
        SUPERUSER_ONLY,
    ),
    Row(
        r"admin/(login|logout|password_reset)/.*",
        _admin("login/"),
        answers(DASHBOARD, anonymous=OK, learner=OK, other_learner=OK),
        note="a logged-in learner may log in as someone else; staff are already in",
    ),
    Row(
        r"admin/(account|api|block-preview|bulk|choose-[\w-]+|dismissibles|editing-sessions|embeds|failwhale|jsi18n|reports|sprite|tag-autocomplete|test404|translation)/.*|admin/\^\.\*/\$|admin/test404/|admin/sprite-\w+/",
        None,
        covered_by="Wagtail's own helper views behind its admin-access check, as admin/pages/",
    ),
]
