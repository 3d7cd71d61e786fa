"""E-mails about nominations, each in the recipient's language (an invitation to someone
without an account, whose language we do not know yet, in Thai and English), written to the
outbox in the transaction of the nomination's change (courses/notifications.py explains the
outbox): the nominee is told of a nomination and of its withdrawal, the coordinator who
nominated of the nominee's answer. Templates: templates/emails/nomination_<kind>.<lang>.txt,
first line the subject."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts import roles
from agencies.models import Nomination
from courses.notifications import absolute_url, course_title, recipient_language
from outbox.messages import enqueue_email


def _render(kind: str, nomination: Nomination, language: str, **context) -> tuple[str, str]:
    with translation.override(language):
        context = {
            "course_title": course_title(nomination.cohort.course, language),
            "cohort": nomination.cohort,
            "nomination": nomination,
            "agency_name": nomination.agency.name,
            "my_learning_url": absolute_url(reverse("my_learning")),
            **context,
        }
        text = render_to_string(f"emails/nomination_{kind}.{language}.txt", context)
    subject, _sep, body = text.strip().partition("\n")
    return subject.strip(), body.strip()


def _to_nominee(kind: str, nomination: Nomination) -> None:
    nominee = nomination.nominee
    if nominee is None or not nominee.email:
        return
    language = recipient_language(nominee)
    with translation.override(language):
        name = nominee.display_name
    subject, body = _render(kind, nomination, language, name=name)
    enqueue_email(subject, body, nominee.email, person=nominee)


def nominated(nomination: Nomination) -> None:
    """The nominee is told whom they were nominated by, for which cohort, and by when to
    answer; someone without an account gets an invitation to sign up instead."""
    if nomination.nominee is None:
        _invite(nomination)
    else:
        _to_nominee("made", nomination)


def _invite(nomination: Nomination) -> None:
    parts = []
    for language in ("th", "en"):
        with translation.override(language):
            link = absolute_url(reverse("nominations:invitation", args=[nomination.code]))
        parts.append(_render("invited", nomination, language, invitation_url=link))
    (subject, thai), (_subject_en, english) = parts
    enqueue_email(subject, f"{thai}\n\n---\n\n{english}", nomination.invited_email)


def withdrawn(nomination: Nomination) -> None:
    """The coordinator withdrew the nomination before the nominee answered."""
    if nomination.nominee is None:
        return  # an invitation never followed: nobody to tell but an address we do not know
    _to_nominee("withdrawn", nomination)


def answered(nomination: Nomination) -> None:
    """The coordinator who nominated is told the nominee's answer (accepted, with what the
    enrolment became; declined, with the reason given), in the coordinator's language. Nobody
    is told if that coordinator no longer coordinates the agency: the answer is the agency's
    staff's training record, for its coordinators only."""
    coordinator = nomination.nominated_by
    if (
        coordinator is None
        or not coordinator.email
        or not roles.coordinates(coordinator, nomination.agency)
    ):
        return
    kind = "accepted" if nomination.status == Nomination.Status.ACCEPTED else "declined"
    language = recipient_language(coordinator)
    with translation.override(language):
        name = coordinator.display_name
        nominee_name = nomination.nominee_label
        enrolment_status = (
            str(nomination.enrollment.get_status_display()) if nomination.enrollment else ""
        )
        nominations_url = absolute_url(reverse("agencies:nominations"))
    subject, body = _render(
        kind,
        nomination,
        language,
        name=name,
        nominee_name=nominee_name,
        enrolment_status=enrolment_status,
        nominations_url=f"{nominations_url}?agency={nomination.agency_id}",
    )
    enqueue_email(subject, body, coordinator.email, person=coordinator, about=nomination.nominee)
