"""Nominations on the public site. The coordinator's screens under /th/my-agency/ (pick an
open cohort, tick staff of the agency, nominate; the agency's nominations with a withdraw
button) and the nominee's under /th/me/nominations/ (accept, decline with a reason, follow an
e-mailed invitation). Permission first; state changes by POST only, through
agencies/nominations.py."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from agencies import nomination_import, nominations
from agencies.models import AccessRecord, Nomination
from agencies.views import _agencies_or_refuse
from cms.catalogue import in_visitors_language
from courses import importing, seats
from courses.models import Cohort
from courses.views import course_and_cohort
from thai.dates import to_common_era
from thai.numbers import LARGEST_ID, read_int

# Staff shown at once on the nomination form (a search narrows a larger agency).
STAFF_ON_FORM = 200
NOMINATIONS_SHOWN = 200


def _chosen_agency(request, agencies):
    chosen = read_int(
        request.POST.get("agency") or request.GET.get("agency"), minimum=1, maximum=LARGEST_ID
    )
    return next((a for a in agencies if a.pk == chosen), agencies[0])


def _open_cohorts():
    """Cohorts one can be nominated to now: of a live course, enrolment open, a seat left."""
    return (
        Cohort.objects.open_for_enrollment()
        .filter(course__live=True, seats_taken__lt=F("capacity"))
        .select_related("course", "course__locale")
        .order_by("start_date", "pk")
    )


def _with_course_pages(cohorts):
    cohorts = list(cohorts)
    translated = in_visitors_language({c.course for c in cohorts})
    for cohort in cohorts:
        cohort.course_page = translated.get(cohort.course.translation_key, cohort.course)
    return cohorts


def _read_date(text: str) -> datetime.date | None:
    """A typed date, ISO (the date picker) with a Common or Buddhist era year; None if empty
    or unreadable."""
    text = to_common_era((text or "").strip())
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@login_required
def nominate(request):
    """GET: the open cohorts, then for the chosen one the agency's staff to tick and the
    e-mail addresses of people to invite. POST: nominate them all, or nobody: a refusal for
    one person leaves every other unnominated, and the form shows each refusal."""
    agencies = _agencies_or_refuse(request)
    agency = _chosen_agency(request, agencies)
    code = request.POST.get("cohort") or request.GET.get("cohort") or ""
    cohorts = _with_course_pages(_open_cohorts())
    cohort = next((c for c in cohorts if c.code == code), None)
    query = request.GET.get("q", "").strip()[:100]
    refusals: list[str] = []
    if request.method == "POST":
        if cohort is None:
            messages.error(request, _("Choose a cohort that is open for enrolment."))
            return redirect(f"{reverse('agencies:nominate')}?{urlencode({'agency': agency.pk})}")
        upload = request.FILES.get("file")
        if upload is not None:
            done = _import_list(request, agency, cohort, upload, refusals)
        else:
            done = _nominate_all(request, agency, cohort, refusals)
        if done is not None:
            messages.success(
                request,
                _("%(count)d nominated to %(cohort)s; each is told by e-mail.")
                % {"count": done, "cohort": cohort.display_title},
            )
            return redirect(f"{reverse('agencies:nominations')}?{urlencode({'agency': agency.pk})}")
    staff = []
    if cohort is not None:
        people = User.objects.filter(agency=agency, is_active=True)
        if query:
            people = people.filter(
                Q(first_name_th__icontains=query)
                | Q(last_name_th__icontains=query)
                | Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
                | Q(email__icontains=query)
            )
        nominated = set(
            Nomination.objects.live().filter(cohort=cohort).values_list("nominee", flat=True)
        )
        staff = list(
            people.order_by("first_name_th", "last_name_th", "first_name", "pk")[:STAFF_ON_FORM]
        )
        for person in staff:
            person.already_nominated = person.pk in nominated
        # The staff's names and positions: recorded as the staff list is (PDPA).
        AccessRecord.objects.create(
            viewer=request.user, agency=agency, what=AccessRecord.What.STAFF_LIST
        )
    return render(
        request,
        "agencies/nominate.html",
        {
            "agencies": agencies,
            "agency": agency,
            "cohorts": cohorts,
            "cohort": cohort,
            "staff": staff,
            "query": query,
            "refusals": refusals,
            "ticked": {str(pk) for pk in request.POST.getlist("person")},
            "emails": request.POST.get("emails", ""),
            "respond_by": request.POST.get("respond_by", ""),
            "last_day": nominations.last_day_to_answer(cohort) if cohort else None,
        },
    )


def _nominate_all(request, agency, cohort, refusals: list[str]) -> int | None:
    """Nominates every ticked person and typed address in one transaction; None (and the
    refusals, one per person) if any is refused, with nothing saved or e-mailed."""
    ids = [
        read_int(value, minimum=1, maximum=LARGEST_ID) for value in request.POST.getlist("person")
    ]
    # Only the agency's own staff are looked up: anyone else's id is refused by name below.
    people = {p.pk: p for p in User.objects.filter(pk__in=[i for i in ids if i], agency=agency)}
    emails = [line.strip() for line in request.POST.get("emails", "").splitlines() if line.strip()]
    typed = request.POST.get("respond_by", "")
    respond_by = _read_date(typed)
    if typed.strip() and respond_by is None:
        refusals.append(_("The date to answer by is not a date."))
        return None
    if not ids and not emails:
        refusals.append(_("Tick at least one person, or type an e-mail address."))
        return None
    count = 0
    with transaction.atomic():
        for pk in ids:
            person = people.get(pk) if pk else None
            if person is None:
                refusals.append(_("A ticked person is not on your agency's staff."))
                continue
            count += _try(
                refusals, request.user, cohort, agency, person=person, respond_by=respond_by
            )
        for email in emails:
            count += _try(
                refusals, request.user, cohort, agency, email=email, respond_by=respond_by
            )
        if refusals:
            transaction.set_rollback(True)
            return None
    return count


def _import_list(request, agency, cohort, upload, refusals: list[str]) -> int | None:
    """A CSV or XLSX list: every row nominated, or none (agencies/nomination_import.py); the
    row report, in the reader's language, in `refusals` otherwise."""
    typed = request.POST.get("respond_by", "")
    respond_by = _read_date(typed)
    if typed.strip() and respond_by is None:
        refusals.append(_("The date to answer by is not a date."))
        return None
    if upload.size > nomination_import.MAX_UPLOAD_BYTES:
        refusals.append(
            _("The file is larger than %(size)d MB.")
            % {"size": nomination_import.MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
        return None
    report = nomination_import.import_nominations(
        upload,
        name=upload.name,
        by=request.user,
        cohort=cohort,
        agency=agency,
        respond_by=respond_by,
    )
    if report.saved:
        return report.nominated
    english = (translation.get_language() or "th").startswith("en")
    for error in report.errors:
        where = _("row %(row)d") % {"row": error["row"]} if error["row"] else ""
        text = error["en" if english else "th"]
        refusals.append(f"{where}: {text}" if where else text)
    if report.error_count > len(report.errors):
        refusals.append(
            _("… and %(count)d more.") % {"count": report.error_count - len(report.errors)}
        )
    return None


def _try(refusals, by, cohort, agency, **kwargs) -> int:
    try:
        with transaction.atomic():
            nominations.nominate(by, cohort, agency, **kwargs)
    except nominations.NominationRefused as refusal:
        refusals.append(str(refusal.message))
        return 0
    return 1


@login_required
def agency_nominations(request):
    """The agency's nominations, newest first, with their state and a withdraw button for
    those still waiting for an answer."""
    agencies = _agencies_or_refuse(request)
    agency = _chosen_agency(request, agencies)
    rows = list(
        Nomination.objects.filter(agency=agency)
        .select_related("nominee", "cohort", "cohort__course", "cohort__course__locale")
        .order_by("-nominated_at", "-pk")[:NOMINATIONS_SHOWN]
    )
    translated = in_visitors_language({n.cohort.course for n in rows})
    today = timezone.localdate()
    for nomination in rows:
        course = nomination.cohort.course
        nomination.course_page = translated.get(course.translation_key, course)
        nomination.can_withdraw = (
            nomination.status == Nomination.Status.NOMINATED and not nomination.is_overdue(today)
        )
    AccessRecord.objects.create(
        viewer=request.user, agency=agency, what=AccessRecord.What.NOMINATIONS
    )
    return render(
        request,
        "agencies/nominations.html",
        {"agencies": agencies, "agency": agency, "nominations": rows},
    )


def _get_nomination_for_coordinator(request, code) -> Nomination:
    """A nomination of an agency the person coordinates; 403 for someone who coordinates
    none, and another agency's does not exist for them."""
    agencies = _agencies_or_refuse(request)
    return get_object_or_404(
        Nomination.objects.select_related("nominee", "cohort", "cohort__course", "agency"),
        code=code,
        agency__in=agencies,
    )


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, code):
    """GET: what withdrawing means, with the button. POST: withdraw it."""
    nomination = _get_nomination_for_coordinator(request, code)
    back = f"{reverse('agencies:nominations')}?{urlencode({'agency': nomination.agency_id})}"
    if request.method == "GET":
        return render(
            request,
            "agencies/withdraw_confirm.html",
            {
                "nomination": nomination,
                "can_withdraw": nomination.status == Nomination.Status.NOMINATED
                and not nomination.is_overdue(),
                "back": back,
            },
        )
    try:
        nominations.withdraw(nomination, request.user)
    except nominations.NominationRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(
            request,
            _("The nomination of %(person)s is withdrawn; they are told by e-mail.")
            % {"person": nomination.nominee_label},
        )
    return redirect(back)


# --- The nominee ---------------------------------------------------------------------------


def _get_nomination_for_nominee(request, code) -> Nomination:
    """The person's own nomination; anybody else's does not exist for them."""
    return get_object_or_404(
        Nomination.objects.for_nominee(request.user).select_related(
            "cohort", "cohort__course", "agency"
        ),
        code=code,
    )


@login_required
def list_template(request, file_format):
    """The participant import's empty list (its columns; the nomination import reads its
    "email" and passes over the rest), for the coordinator to fill in."""
    _agencies_or_refuse(request)
    if file_format == "xlsx":
        response = HttpResponse(
            importing.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nominations-template.{file_format}"'
    return response


@login_required
def answer(request, code):
    """The nomination with its accept and decline buttons (decline with a reason), and the
    seats held for the nominee's agency in the cohort, if any."""
    nomination = _get_nomination_for_nominee(request, code)
    course = nomination.cohort.course
    can_answer = nomination.status == Nomination.Status.NOMINATED and not nomination.is_overdue()
    return render(
        request,
        "agencies/answer.html",
        {
            "nomination": nomination,
            "course_page": in_visitors_language([course]).get(course.translation_key, course),
            "can_answer": can_answer,
            "reason_limit": nominations.REASON_MAX_LENGTH,
            # Seats held for the nominee's agency: what accepting would take.
            "reservation": (
                seats.reservations_for(request.user, [nomination.cohort]).get(nomination.cohort_id)
                if can_answer
                else None
            ),
        },
    )


@require_POST
@login_required
def accept(request, code):
    nomination = _get_nomination_for_nominee(request, code)
    try:
        nomination = nominations.accept(nomination, request.user)
    except nominations.NominationRefused as refusal:
        messages.error(request, str(refusal.message))
        return redirect("nominations:answer", code=nomination.code)
    messages.success(
        request,
        _("You accepted the nomination to %(cohort)s: %(status)s.")
        % {
            "cohort": course_and_cohort(nomination.cohort),
            "status": nomination.enrollment.get_status_display(),
        },
    )
    return redirect("my_learning")


@require_POST
@login_required
def decline(request, code):
    nomination = _get_nomination_for_nominee(request, code)
    try:
        nominations.decline(nomination, request.user, reason=request.POST.get("reason", ""))
    except nominations.NominationRefused as refusal:
        messages.error(request, str(refusal.message))
        return redirect("nominations:answer", code=nomination.code)
    messages.success(
        request,
        _("You declined the nomination to %(cohort)s.")
        % {"cohort": nomination.cohort.display_title},
    )
    return redirect("my_learning")


def invitation(request, code):
    """The link of an e-mailed invitation: someone not logged in signs up (or logs in) first
    and comes back here; then every invitation to their address becomes theirs to answer."""
    if not request.user.is_authenticated:
        return _invitation_landing(request, code)
    try:
        attached = nominations.attach_invitations(request.user, code)
    except nominations.NominationRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        if attached:
            messages.success(
                request, _("Your nomination is on My learning: please accept or decline it.")
            )
    return redirect("my_learning")


def _invitation_landing(request, code):
    """Before signing up or logging in: what the invitation is (course, cohort, agency, answer-by
    date), then a sign-up form with the invited address and the agency filled in, or the log-in.
    Holding the e-mailed link is what shows the nomination; nothing is attached until the person
    comes back logged in with an account of the invited address."""
    invitation = (
        Nomination.objects.filter(code=code, nominee__isnull=True)
        .select_related("cohort__course", "agency")
        .first()
    )
    back = urlencode({"next": request.path})
    if invitation is None or invitation.status != Nomination.Status.NOMINATED:
        return render(request, "agencies/invitation.html", {"invitation": None, "back": back})
    signup = urlencode(
        {"next": request.path, "email": invitation.invited_email, "agency": invitation.agency_id}
    )
    course = in_visitors_language([invitation.cohort.course]).get(
        invitation.cohort.course.translation_key, invitation.cohort.course
    )
    return render(
        request,
        "agencies/invitation.html",
        {"invitation": invitation, "course": course, "signup": signup, "back": back},
    )
