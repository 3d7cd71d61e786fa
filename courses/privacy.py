"""The personal data of courses (PDPA; registry in privacy.registry).

Enrolments, attendance and progress stay after erasure, linked to the anonymised account: they
are the training statistics. The uploaded participant lists are files that hold the person's
row, so they go.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import ParticipantImport, RequestDecision
from privacy.registry import Outcome, anonymised_link, delete, of_person, register, rows


def _erase_import_files(person) -> Outcome:
    """Uploaded participant lists of the person's cohorts hold their row: delete the files
    and the error reports (which quote rows); the counts stay for the cohort's record."""
    imports = ParticipantImport.objects.filter(cohort__enrollments__learner=person).distinct()
    count = 0
    for participant_import in imports:
        if participant_import.file:
            participant_import.file.delete(save=False)
        count += 1
    ParticipantImport.objects.filter(pk__in=[i.pk for i in imports]).update(file="", errors=[])
    return Outcome(f"deleted the uploaded files and error reports of {count} imports")


# Titles on the readable "My data" page in the reader's language (Wagtail's `localized`: the
# page's translation in the active language; a cohort's or session's English title).
_IN_READERS_LANGUAGE = {
    "cohort__course__title": "cohort__course__localized__title",
    "cohort__title": "cohort__display_title",
    "session__title": "session__display_title",
    "module__title": "module__localized__title",
}


register(
    "courses.enrollment",
    export=rows(
        of_person("courses.enrollment", "learner"),
        [
            "cohort__course__title",
            "cohort__title",
            "cohort__code",
            "cohort__start_date",
            "cohort__end_date",
            "status",
            "requested_at",
            "decide_by",
            "completed_at",
        ],
        read_as=_IN_READERS_LANGUAGE,
    ),
    erase=anonymised_link("training statistics"),
)


def _decisions_of(person):
    """Decisions on the person's requests, and those they made (as a coordinator or trainer)."""
    return RequestDecision.objects.filter(Q(enrollment__learner=person) | Q(by=person))


def _erase_decisions(person) -> Outcome:
    """Who decided which request when stays (accountability, training statistics), linked to
    the anonymised account; the reasons given about the person are removed."""
    count = RequestDecision.objects.filter(enrollment__learner=person).update(reason="")
    return Outcome(f"kept {count}, linked to the anonymised account; reasons removed")


register(
    "courses.requestdecision",
    export=rows(
        _decisions_of,
        [
            "enrollment__cohort__course__title",
            "enrollment__cohort__title",
            "enrollment__cohort__code",
            "enrollment__learner",
            "stage",
            "decision",
            "by",
            "at",
            "reason",
        ],
    ),
    erase=_erase_decisions,
    title=_("Decisions on requests to join a cohort"),
)
register(
    "courses.attendance",
    export=rows(
        of_person("courses.attendance", "enrollment__learner"),
        [
            "session__cohort__code",
            "session__title",
            "session__starts_at",
            "status",
            "method",
            "recorded_at",
        ],
        read_as=_IN_READERS_LANGUAGE,
    ),
    erase=anonymised_link("attendance statistics"),
)
register(
    "courses.moduleprogress",
    export=rows(
        of_person("courses.moduleprogress", "enrollment__learner"),
        ["module__title", "completed_at"],
        read_as=_IN_READERS_LANGUAGE,
    ),
    erase=anonymised_link("progress statistics"),
)
register(
    "courses.participantimport",
    export=rows(
        of_person("courses.participantimport", "created_by"),
        ["cohort__code", "original_name", "created_at", "status"],
    ),
    erase=_erase_import_files,
)
register(
    "courses.cohort",
    export=rows(of_person("courses.cohort", "trainers"), ["code", "title", "start_date"]),
    erase=anonymised_link("who trained a cohort"),
    title=_("Cohorts I train"),
)
_history = ["history_date", "history_type", "history_change_reason"]
register(
    "courses.historicalenrollment",
    export=rows(of_person("courses.historicalenrollment", "learner"), [*_history, "status"]),
    erase=anonymised_link("history of enrolment status"),
)
register(
    "courses.historicalattendance",
    export=rows(
        of_person("courses.historicalattendance", "enrollment__learner"), [*_history, "status"]
    ),
    erase=anonymised_link("history of attendance"),
)
register(
    "courses.historicalmoduleprogress",
    export=rows(
        of_person("courses.historicalmoduleprogress", "enrollment__learner"),
        # The module by its title: its number is ours, and says nothing to the person.
        [*_history, "module__title"],
        read_as=_IN_READERS_LANGUAGE,
    ),
    erase=anonymised_link("history of progress"),
)
for label in ("courses.historicalcohort", "courses.historicalsession"):
    # Rows about a cohort or session; the person appears only as the editor.
    register(
        label,
        export=rows(of_person(label, "history_user"), [*_history, "title"]),
        erase=anonymised_link("who edited it"),
    )
# A learner's secret calendar address: nothing to keep.
register(
    "courses.calendarfeed",
    export=rows(of_person("courses.calendarfeed", "user"), ["created_at"]),
    erase=delete(of_person("courses.calendarfeed", "user")),
    title=_("My private calendar address"),
)
# Seat quotas: the person appears only as the trainer who reserved the seats, or who edited them.
register(
    "courses.seatquota",
    export=rows(
        of_person("courses.seatquota", "created_by"), ["cohort__code", "seats", "release_on"]
    ),
    erase=anonymised_link("who reserved seats for an agency"),
)
register(
    "courses.historicalseatquota",
    export=rows(of_person("courses.historicalseatquota", "history_user"), [*_history, "seats"]),
    erase=anonymised_link("who edited a seat quota"),
)
