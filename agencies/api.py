"""The agency coordinator's part of the JSON API (/api/v1/my-agency/): the staff of the
agencies I coordinate and their training, my agency's nominations, nominating and withdrawing
(issue #16). The same people, figures, rules and refusals as the screens under /th/my-agency/,
through the same functions (agencies/staff.py, agencies/nominations.py).

lms/api.py mounts this router with `coordinators_only`: a token or a session as everywhere
(accounts/api_auth.py), then, before any parameter is read, the site's one check,
`accounts.roles.coordinated_agencies`, which answers nothing before the second factor. A
session must have verified a code; an API token counts only if it was made in such a
session (`ApiTokenRecord.made_with_second_factor`), so a coordinator's token made before
they verified, or in a shell, opens nothing here. The refusal is then a 403 saying how to
verify or to make a new token (accounts/two_factor.py), as for every staff endpoint. Another agency's person or nomination
is not found (404), as on the site, and every answer with other people's training records
writes an `AccessRecord` first, as each page of the site does. Refusals and labels are in the
coordinator's own language.
"""

import datetime
import uuid

from django.core.paginator import Paginator
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from accounts.api_auth import ApiTokenAuth, Error, SessionAuth
from accounts.models import User
from accounts.roles import coordinated_agencies
from agencies import nominations
from agencies.models import AccessRecord, Nomination
from agencies.staff import person_of, record_access, staff_of, training_of
from certificates.issuing import verification_url
from certificates.models import Certificate
from courses.models import Cohort, Enrollment
from thai.numbers import LARGEST_ID

router = Router(tags=["my agency"])

PEOPLE_PER_PAGE = 50
NOMINATIONS_PER_PAGE = 50


def _coordinator_language(user):
    """Refusals and labels in the coordinator's own language, whatever the request asked."""
    return translation.override(getattr(user, "preferred_language", None) or "th")


def _agencies_or_refuse(request) -> list:
    """The agencies the person coordinates, verified by the second factor; 403 otherwise
    (the two-factor middleware rewrites it to say how to verify, when that is the reason).
    Read once a request: the authentication below asks first."""
    agencies = getattr(request, "_coordinated_agencies", None)
    if agencies is None:
        agencies = request._coordinated_agencies = list(coordinated_agencies(request.user))
    if not agencies:
        with _coordinator_language(request.user):
            raise HttpError(403, _("Agency coordinators only."))
    return agencies


class _CoordinatorsOnly:
    """After the person is authenticated (a token or a session), refuse anyone who is not an
    agency coordinator before the request's parameters and body are read: permission first,
    so a learner's malformed nomination is a 403, not a list of invalid fields."""

    def __call__(self, request):
        authenticated = super().__call__(request)  # type: ignore[misc]
        if authenticated:
            _agencies_or_refuse(request)
        return authenticated


class CoordinatorTokenAuth(_CoordinatorsOnly, ApiTokenAuth):
    pass


class CoordinatorSessionAuth(_CoordinatorsOnly, SessionAuth):
    pass


# The OpenAPI document names a security scheme after its class: these are the same two
# schemes as every other operation's (and lms/api.py adds the CSRF 403 to "SessionAuth").
CoordinatorTokenAuth.__name__ = "ApiTokenAuth"
CoordinatorSessionAuth.__name__ = "SessionAuth"
# lms/api.py mounts the router with this authentication.
coordinators_only = [CoordinatorTokenAuth(), CoordinatorSessionAuth()]


def _chosen_agency(agencies: list, chosen: int | None):
    """The agency asked for (`?agency=<id>`), the first one coordinated without it; an agency
    the person does not coordinate is not found."""
    if chosen is None:
        return agencies[0]
    agency = next((a for a in agencies if a.pk == chosen), None)
    if agency is None:
        raise HttpError(404, _("You coordinate no agency with this id."))
    return agency


class AgencyOut(Schema):
    id: int
    name_th: str
    name_en: str


class PersonOut(Schema):
    id: int
    name: str
    name_th: str
    name_en: str
    email: str
    position: str
    province: str | None
    requests_waiting: int = Field(description="Requests waiting for approval, and waitlisted.")
    seated: int
    completed: int
    valid_certificates: int
    learning_hours: float = Field(description="Hours of the person's valid certificates.")


class PeoplePage(Schema):
    agency: AgencyOut
    count: int
    page: int
    pages: int
    per_page: int
    results: list[PersonOut]


class EnrolmentSummary(Schema):
    cohort_code: str
    cohort_title: str
    course_title: str
    status: str
    status_label: str
    start_date: datetime.date
    end_date: datetime.date
    requested_at: datetime.datetime
    completed_at: datetime.datetime | None
    sessions_attended: int | None
    sessions_total: int | None
    modules_done: int | None
    modules_total: int | None


class CertificateSummary(Schema):
    serial: str
    course_title: str
    status: str
    status_label: str
    issued_at: datetime.datetime
    hours: float
    verify_url: str


class PersonRecord(Schema):
    person: PersonOut
    enrolments: list[EnrolmentSummary]
    certificates: list[CertificateSummary]


class NominationOut(Schema):
    code: uuid.UUID
    agency: AgencyOut
    cohort_code: str
    cohort_title: str
    course_title: str
    nominee_id: int | None = Field(description="Empty for an invitation not yet taken up.")
    nominee_name: str
    invited_email: str
    status: str = Field(
        description="nominated, accepted, declined, withdrawn or expired (a waiting"
        " nomination past its date reads expired before the hourly job records it)."
    )
    status_label: str
    nominated_at: datetime.datetime
    nominated_by: str | None
    respond_by: datetime.date
    decided_at: datetime.datetime | None
    reason: str
    enrolment_status: str | None


class NominationsPage(Schema):
    agency: AgencyOut
    count: int
    page: int
    pages: int
    per_page: int
    results: list[NominationOut]


class NominationIn(Schema):
    cohort: str = Field(description="The cohort's code.", max_length=64, pattern=r"^[^\x00]*$")
    person_id: int | None = Field(
        None, ge=1, le=LARGEST_ID, description="A person on the agency's staff; or `email`."
    )
    email: str | None = Field(
        None,
        max_length=254,
        pattern=r"^[^\x00]*$",
        description="The person with an account of this address, or an invitation to it.",
    )
    respond_by: datetime.date | None = Field(
        None, description="The last day to answer; by default the last day of enrolment."
    )
    agency: int | None = Field(
        None, ge=1, le=LARGEST_ID, description="For a coordinator of several agencies."
    )


def _agency_out(agency) -> dict:
    return {"id": agency.pk, "name_th": agency.name_th, "name_en": agency.name_en}


def _name_in(person: User, language: str) -> str:
    with translation.override(language):
        return person.display_name


def _person_out(person: User, figures: dict) -> dict:
    """The person and their figures: `requests`, `seated`, `completed`, `certificates`,
    `hours` (as `staff_of` annotates them)."""
    return {
        "id": person.pk,
        "name": person.display_name,
        "name_th": _name_in(person, "th"),
        "name_en": _name_in(person, "en"),
        "email": person.email,
        "position": person.position or "",
        "province": person.province.name if person.province else None,
        "requests_waiting": figures["requests"],
        "seated": figures["seated"],
        "completed": figures["completed"],
        "valid_certificates": figures["certificates"],
        "learning_hours": float(figures["hours"]),
    }


def _annotated(person: User) -> dict:
    return {
        name: getattr(person, name)
        for name in ("requests", "seated", "completed", "certificates", "hours")
    }


def _page(items, number: int, per_page: int):
    return Paginator(items, per_page).get_page(number)


@router.get(
    "/my-agency/agencies/",
    response={200: list[AgencyOut], 403: Error},
    summary="The agencies I coordinate",
    operation_id="my_agency_agencies",
)
def my_agencies(request):
    """The agencies the person coordinates (an agency coordinator, verified by the second
    factor); `agency` in the other operations chooses among them."""
    with _coordinator_language(request.user):
        return [_agency_out(a) for a in _agencies_or_refuse(request)]


@router.get(
    "/my-agency/people/",
    response={200: PeoplePage, 403: Error, 404: Error},
    summary="My agency's staff and their training",
    operation_id="my_agency_people",
)
def people(
    request,
    agency: int | None = Query(None, ge=1, le=LARGEST_ID),
    q: str = Query("", max_length=100),
    page: int = Query(1, ge=1, le=LARGEST_ID),
):
    """The active staff of the agency (`agency`, or the first one coordinated), matching `q`
    in a name or an address, `PEOPLE_PER_PAGE` a page in the order of their names: requests
    waiting, seats, completions, valid certificates and learning hours. Recorded as a look at
    the agency's staff list (PDPA)."""
    with _coordinator_language(request.user):
        agencies = _agencies_or_refuse(request)
        chosen = _chosen_agency(agencies, agency)
        people_page = _page(staff_of(chosen, q.strip()), page, PEOPLE_PER_PAGE)
        record_access(request.user, chosen, AccessRecord.What.STAFF_LIST)
        return {
            "agency": _agency_out(chosen),
            "count": people_page.paginator.count,
            "page": people_page.number,
            "pages": people_page.paginator.num_pages,
            "per_page": PEOPLE_PER_PAGE,
            "results": [_person_out(person, _annotated(person)) for person in people_page],
        }


def _enrolment_summary(enrollment: Enrollment) -> dict:
    state = getattr(enrollment, "progress", None)
    return {
        "cohort_code": enrollment.cohort.code,
        "cohort_title": enrollment.cohort.display_title,
        "course_title": enrollment.cohort.course.title,
        "status": enrollment.status,
        "status_label": str(enrollment.get_status_display()),
        "start_date": enrollment.cohort.start_date,
        "end_date": enrollment.cohort.end_date,
        "requested_at": enrollment.requested_at,
        "completed_at": enrollment.completed_at,
        "sessions_attended": state.sessions_attended if state else None,
        "sessions_total": state.sessions_total if state else None,
        "modules_done": state.modules_done_total if state else None,
        "modules_total": state.modules_total if state else None,
    }


def _certificate_summary(certificate: Certificate) -> dict:
    english = (translation.get_language() or "th").startswith("en")
    return {
        "serial": certificate.serial,
        "course_title": (
            certificate.course_title_en
            if english and certificate.course_title_en
            else certificate.course_title_th
        ),
        "status": certificate.status,
        "status_label": str(certificate.get_status_display()),
        "issued_at": certificate.issued_at,
        "hours": float(certificate.hours),
        "verify_url": verification_url(certificate.serial),
    }


@router.get(
    "/my-agency/people/{person_id}/",
    response={200: PersonRecord, 403: Error, 404: Error},
    summary="One person's enrolments and certificates",
    operation_id="my_agency_person",
)
def person(request, person_id: int):
    """One person on the staff of an agency I coordinate: their enrolments (newest cohort
    first, with attendance and modules where seated) and certificates. Someone of another
    agency is not found. Recorded as a look at the person's training record (PDPA)."""
    with _coordinator_language(request.user):
        agencies = _agencies_or_refuse(request)
        someone = person_of(agencies, person_id) if 1 <= person_id <= LARGEST_ID else None
        if someone is None:
            raise HttpError(404, _("There is nobody with this id on your agency's staff."))
        enrollments, certificates, hours = training_of(someone)
        record_access(request.user, someone.agency, AccessRecord.What.PERSON, person=someone)
        valid = [c for c in certificates if c.status == Certificate.Status.VALID]
        figures = {
            "requests": sum(
                e.status in (Enrollment.Status.PENDING, Enrollment.Status.WAITLISTED)
                for e in enrollments
            ),
            "seated": sum(e.status == Enrollment.Status.ENROLLED for e in enrollments),
            "completed": sum(e.status == Enrollment.Status.COMPLETED for e in enrollments),
            "certificates": len(valid),
            "hours": hours,
        }
        return {
            "person": _person_out(someone, figures),
            "enrolments": [_enrolment_summary(e) for e in enrollments],
            "certificates": [_certificate_summary(c) for c in certificates],
        }


def _nomination_out(nomination: Nomination) -> dict:
    return {
        "code": nomination.code,
        "agency": _agency_out(nomination.agency),
        "cohort_code": nomination.cohort.code,
        "cohort_title": nomination.cohort.display_title,
        "course_title": nomination.cohort.course.title,
        "nominee_id": nomination.nominee_id,
        "nominee_name": nomination.nominee_label,
        "invited_email": nomination.invited_email,
        "status": nomination.shown_status,
        "status_label": str(nomination.get_shown_status_display()),
        "nominated_at": nomination.nominated_at,
        "nominated_by": (nomination.nominated_by.display_name if nomination.nominated_by else None),
        "respond_by": nomination.respond_by,
        "decided_at": nomination.decided_at,
        "reason": nomination.reason,
        "enrolment_status": nomination.enrollment.status if nomination.enrollment else None,
    }


def _nominations_of(agencies):
    return Nomination.objects.filter(agency__in=agencies).select_related(
        "agency", "nominee", "nominated_by", "cohort", "cohort__course", "enrollment"
    )


@router.get(
    "/my-agency/nominations/",
    response={200: NominationsPage, 403: Error, 404: Error},
    summary="My agency's nominations",
    operation_id="my_agency_nominations",
)
def list_nominations(
    request,
    agency: int | None = Query(None, ge=1, le=LARGEST_ID),
    page: int = Query(1, ge=1, le=LARGEST_ID),
):
    """The agency's nominations, newest first, `NOMINATIONS_PER_PAGE` a page, each with its
    state. Recorded as a look at the agency's nominations (PDPA)."""
    with _coordinator_language(request.user):
        agencies = _agencies_or_refuse(request)
        chosen = _chosen_agency(agencies, agency)
        rows = _page(
            _nominations_of([chosen]).order_by("-nominated_at", "-pk"), page, NOMINATIONS_PER_PAGE
        )
        record_access(request.user, chosen, AccessRecord.What.NOMINATIONS)
        return {
            "agency": _agency_out(chosen),
            "count": rows.paginator.count,
            "page": rows.number,
            "pages": rows.paginator.num_pages,
            "per_page": NOMINATIONS_PER_PAGE,
            "results": [_nomination_out(n) for n in rows],
        }


@router.post(
    "/my-agency/nominations/",
    response={201: NominationOut, 400: Error, 403: Error, 404: Error},
    summary="Nominate a person of my agency to a cohort",
    operation_id="my_agency_nominate",
)
def nominate(request, payload: NominationIn):
    """Nominate a person on the agency's staff (`person_id`), or the person with an account
    of `email`, or invite `email` if nobody has an account of it, to the cohort `cohort`;
    they are e-mailed. The rules of the site's form: an open cohort of a published course
    with a seat left, staff of the agency only, one live nomination per person per cohort,
    nobody already in the cohort or training it, an answer-by date from today to the last
    day of enrolment. Each refusal is a 400 saying why, with nothing saved or sent."""
    with _coordinator_language(request.user):
        agencies = _agencies_or_refuse(request)
        chosen = _chosen_agency(agencies, payload.agency)
        cohort = Cohort.objects.select_related("course").filter(code=payload.cohort).first()
        if cohort is None:
            raise HttpError(404, _("There is no cohort with this code."))
        email = (payload.email or "").strip()
        if (payload.person_id is None) == (not email):
            return Status(400, {"detail": _("Give either a person's id or an e-mail address.")})
        person = None
        if payload.person_id is not None:
            # Only the agency's own staff are looked up: another agency's person is refused
            # without their name, as the site's form does.
            person = User.objects.filter(pk=payload.person_id, agency=chosen).first()
            if person is None:
                return Status(
                    400, {"detail": _("The person with this id is not on your agency's staff.")}
                )
        try:
            nomination = nominations.nominate(
                request.user,
                cohort,
                chosen,
                person=person,
                email=email,
                respond_by=payload.respond_by,
            )
        except nominations.NominationRefused as refusal:
            return Status(400, {"detail": refusal.message})
        return Status(201, _nomination_out(_nominations_of(agencies).get(pk=nomination.pk)))


@router.post(
    "/my-agency/nominations/{code}/withdraw/",
    response={200: NominationOut, 400: Error, 403: Error, 404: Error},
    summary="Withdraw a nomination not yet answered",
    operation_id="my_agency_withdraw_nomination",
)
def withdraw(request, code: str):
    """Withdraw a nomination of an agency I coordinate while it waits for the nominee's
    answer; the nominee is e-mailed. Another agency's nomination is not found; one already
    answered, withdrawn or past its date is refused (400)."""
    with _coordinator_language(request.user):
        agencies = _agencies_or_refuse(request)
        try:
            key = uuid.UUID(code)
        except ValueError:
            key = None
        nomination = _nominations_of(agencies).filter(code=key).first() if key else None
        if nomination is None:
            raise HttpError(404, _("There is no nomination with this code for your agency."))
        try:
            nomination = nominations.withdraw(nomination, request.user)
        except nominations.NominationRefused as refusal:
            return Status(400, {"detail": refusal.message})
        return Status(200, _nomination_out(_nominations_of(agencies).get(pk=nomination.pk)))
