"""E-mails to learners and trainers, each in the recipient's own language.

Every function is called inside the business transaction that causes the e-mail: the message
is written to the outbox (outbox.messages) in that transaction and sent by a Celery worker after the
commit, or later by the relay if the broker is down. Templates: templates/emails/<kind>.<lang>.txt,
whose first line is the subject.
"""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import Locale

from accounts.models import User
from courses.models import Enrollment, RequestDecision, Session, SessionReminder
from outbox.messages import claim_delivery, enqueue_deduplicated, enqueue_email

# Reminders go out for sessions starting within this time.
REMIND_BEFORE = datetime.timedelta(hours=24)
# Enrolments per background job that writes the e-mails of an import (one outbox row each).
IMPORT_EMAILS_PER_JOB = 200

_LANGUAGES = ("th", "en")


def recipient_language(user) -> str:
    """The language to write to this person in: their preferred one, Thai by default."""
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in _LANGUAGES else settings.LANGUAGE_CODE


def course_title(course, language: str) -> str:
    """The course's title in `language`, from its translation where there is one."""
    if course.locale.language_code == language:
        return course.title
    locale = Locale.objects.filter(language_code=language).first()
    translated = course.get_translation_or_none(locale) if locale else None
    return translated.title if translated else course.title


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's public address and `path`."""
    return settings.PUBLIC_BASE_URL + path


def _send(kind: str, user, enrollment: Enrollment, *, about=None, **context) -> None:
    if not user.email:
        return
    language = recipient_language(user)
    with translation.override(language):
        context = {
            "name": user.display_name,
            "course_title": course_title(enrollment.cohort.course, language),
            "cohort": enrollment.cohort,
            "enrollment": enrollment,
            "my_learning_url": absolute_url(reverse("my_learning")),
            **context,
        }
        text = render_to_string(f"emails/{kind}.{language}.txt", context)
    subject, _sep, body = text.strip().partition("\n")
    enqueue_email(subject.strip(), body.strip(), user.email, person=user, about=about)


def enrolment_changed(enrollment: Enrollment) -> None:
    """After a learner's request: confirmed, waitlisted or waiting for approval."""
    kind = {
        Enrollment.Status.ENROLLED: "enrolment_confirmed",
        Enrollment.Status.WAITLISTED: "enrolment_waitlisted",
        Enrollment.Status.PENDING: "enrolment_pending",
        Enrollment.Status.AGENCY_PENDING: "enrolment_agency_pending",
    }.get(Enrollment.Status(enrollment.status))
    if kind:
        _send(kind, enrollment.learner, enrollment)


def approved(enrollment: Enrollment) -> None:
    """A trainer approved the request: a seat, or the waitlist if the cohort filled up."""
    if enrollment.status == Enrollment.Status.ENROLLED:
        _send("enrolment_approved", enrollment.learner, enrollment)
    else:
        enrolment_changed(enrollment)


def rejected(enrollment: Enrollment, reason: str = "") -> None:
    """A trainer declined the request: the decision, and the trainer's reason if given."""
    _send("enrolment_rejected", enrollment.learner, enrollment, reason=reason)


# --- Two-stage approval (courses/enrolment.py, agencies/approvals.py) -------------------


def _coordinators(enrollment: Enrollment):
    """Who decides for the learner's agency (stage 1): its coordinators."""
    agency_id = enrollment.learner.agency_id
    if agency_id is None:
        return User.objects.none()
    return User.objects.filter(coordinator_of__agency_id=agency_id, is_active=True).order_by("pk")


def _to_deciders(kind: str, deciders, enrollment: Enrollment, viewname: str, args=()) -> int:
    """One e-mail to each decider, in their language, with the page where they decide."""
    sent = 0
    for decider in deciders:
        with translation.override(recipient_language(decider)):
            url = absolute_url(reverse(viewname, args=args))
            learner_name = enrollment.learner.display_name
        _send(
            kind,
            decider,
            enrollment,
            about=enrollment.learner,
            decide_url=url,
            learner_name=learner_name,
        )
        sent += bool(decider.email)
    return sent


# Where a coordinator decides (agencies/approval_views.py).
_AGENCY_REQUESTS = "agencies:requests"


def agency_request(enrollment: Enrollment) -> None:
    """A new request waits for the agency: each of its coordinators is told."""
    _to_deciders("approval_requested", _coordinators(enrollment), enrollment, _AGENCY_REQUESTS)


def remind_deciders(enrollment: Enrollment) -> int:
    """The deadline of the stage the request waits at is near: the agency's coordinators
    (stage 1) or the cohort's trainers (stage 2) are reminded. Returns the e-mails queued."""
    if enrollment.status == Enrollment.Status.AGENCY_PENDING:
        return _to_deciders(
            "approval_reminder_agency", _coordinators(enrollment), enrollment, _AGENCY_REQUESTS
        )
    trainers = enrollment.cohort.trainers.filter(is_active=True).order_by("pk")
    return _to_deciders(
        "approval_reminder_trainer",
        trainers,
        enrollment,
        "courses_admin_roster",
        [enrollment.cohort.code],
    )


def agency_approved(enrollment: Enrollment) -> None:
    """The agency approved: now waiting for a trainer, or seated, or waitlisted."""
    if enrollment.status == Enrollment.Status.PENDING:
        _send("enrolment_agency_approved", enrollment.learner, enrollment)
    else:
        approved(enrollment)


def agency_declined(enrollment: Enrollment, reason: str = "") -> None:
    _send("enrolment_agency_declined", enrollment.learner, enrollment, reason=reason)


def request_expired(enrollment: Enrollment, stage: str) -> None:
    """Nobody decided by the deadline: the request is closed, and the learner may ask again."""
    _send(
        "enrolment_expired",
        enrollment.learner,
        enrollment,
        at_agency=stage == RequestDecision.Stage.AGENCY,
    )


def queue_import_emails(enrollment_ids: list[int]) -> None:
    """Called in the import's transaction with the enrolments it seated: the e-mails are
    written by background jobs of `IMPORT_EMAILS_PER_JOB` enrolments each, queued through the
    outbox, so a big import does not write thousands of messages in its own transaction and
    no job exists unless the import committed."""
    for start in range(0, len(enrollment_ids), IMPORT_EMAILS_PER_JOB):
        chunk = enrollment_ids[start : start + IMPORT_EMAILS_PER_JOB]
        enqueue_deduplicated("courses.tasks.send_import_emails", chunk)


def send_import_emails(enrollment_ids: list[int], outbox_id: int | None = None) -> int:
    """Tell each imported learner still enrolled that they are, with the first session and how
    to log in (a link to set a password for an account the import created). The job's claim and
    its e-mails commit together: run twice, or killed halfway and retried, each learner gets
    one e-mail. Returns how many were queued."""
    with transaction.atomic():
        if outbox_id is not None and not claim_delivery(outbox_id):
            return 0
        enrollments = Enrollment.objects.filter(
            pk__in=enrollment_ids, status=Enrollment.Status.ENROLLED
        ).select_related("learner", "cohort", "cohort__course", "cohort__course__locale")
        first_sessions: dict[int, Session | None] = {}
        sent = 0
        for enrollment in enrollments:
            cohort_id = enrollment.cohort_id
            if cohort_id not in first_sessions:
                first_sessions[cohort_id] = (
                    Session.objects.filter(cohort_id=cohort_id).order_by("starts_at").first()
                )
            learner = enrollment.learner
            _send(
                "enrolment_imported",
                learner,
                enrollment,
                first_session=first_sessions[cohort_id],
                **_account_links(learner),
            )
            sent += bool(learner.email)
        return sent


def _account_links(user) -> dict:
    """Where the person logs in, in their language; for an account without a password yet (the
    import created it), a link to set one and the page to ask for a new link."""
    with translation.override(recipient_language(user)):
        links: dict[str, str | int] = {"login_url": absolute_url(reverse("accounts:login"))}
        if not user.has_usable_password():
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            links["set_password_url"] = absolute_url(
                reverse("accounts:password_reset_confirm", args=[uid, token])
            )
            links["password_reset_url"] = absolute_url(reverse("accounts:password_reset"))
            links["link_days"] = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    return links


def promoted(enrollment: Enrollment) -> None:
    _send("enrolment_promoted", enrollment.learner, enrollment)


def seat_closed(enrollment: Enrollment) -> None:
    """A trainer removed the learner, or marked them as a no-show."""
    _send("enrolment_closed", enrollment.learner, enrollment)


def completed(enrollment: Enrollment) -> None:
    _send("enrolment_completed", enrollment.learner, enrollment)


def at_risk(enrollment: Enrollment, state) -> None:
    """The learner and each trainer of the cohort, each in their own language."""
    context = {"progress": state, "learner": enrollment.learner}
    _send("at_risk_learner", enrollment.learner, enrollment, **context)
    for trainer in enrollment.cohort.trainers.all():
        _send("at_risk_trainer", trainer, enrollment, about=enrollment.learner, **context)


def send_due_reminders(now=None) -> int:
    """Remind every enrolled learner of each session starting within `REMIND_BEFORE`.

    Selects "due and not yet reminded" (never "starts on date X"), so a missed beat run is
    caught up by the next one. A learner gets at most one e-mail per cohort in a run: it names
    the next session and lists the cohort's other sessions whose reminder time has come too (a
    learner who enrols on the morning of a two-session day, or a run that catches up), instead
    of one e-mail each at the same moment. The `SessionReminder` rows, unique per session and
    enrolment, are written with that e-mail in one transaction, so nobody is reminded of a
    session twice. Returns how many e-mails were queued."""
    now = now or timezone.now()
    due = list(
        Session.objects.filter(starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE)
        .select_related("cohort", "cohort__course")
        .order_by("starts_at", "pk")
    )
    by_cohort: dict[int, list[Session]] = {}
    for session in due:
        by_cohort.setdefault(session.cohort_id, []).append(session)
    reminded = set(
        SessionReminder.objects.filter(session__in=due).values_list("session_id", "enrollment_id")
    )
    sent = 0
    for cohort_id, sessions in by_cohort.items():
        enrolled = Enrollment.objects.filter(
            cohort_id=cohort_id, status=Enrollment.Status.ENROLLED
        ).select_related("learner", "cohort", "cohort__course", "cohort__course__locale")
        for enrollment in enrolled:
            waiting = [s for s in sessions if (s.pk, enrollment.pk) not in reminded]
            if waiting and _remind(enrollment, waiting):
                sent += 1
    return sent


def _remind(enrollment: Enrollment, sessions: list[Session]) -> bool:
    """One e-mail about `sessions` (the soonest first); False if a parallel run claimed one."""
    try:
        with transaction.atomic():
            SessionReminder.objects.bulk_create(
                [SessionReminder(session=session, enrollment=enrollment) for session in sessions]
            )
            _send(
                "session_reminder",
                enrollment.learner,
                enrollment,
                session=sessions[0],
                later_sessions=sessions[1:],
            )
    except IntegrityError:
        return False  # a parallel run reminded this learner first
    return True
