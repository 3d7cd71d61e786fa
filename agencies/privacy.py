"""The personal data of the agencies app (PDPA; registry in privacy.registry).

A person's export shows who looked at their training record and when (the right to know who
processed their data), and the coordinator's own export what they looked at. The records
are an accountability log: erasure keeps them, linked to the anonymised account. Nominations
stay too (training statistics), without the nominee's reason or an invitation's address.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import AccessRecord, Nomination
from privacy.registry import Outcome, anonymised_link, register, rows


def _records_of(person):
    return AccessRecord.objects.filter(Q(person=person) | Q(viewer=person))


register(
    "agencies.accessrecord",
    export=rows(_records_of, ["at", "viewer", "person", "agency", "what"]),
    erase=anonymised_link("an accountability log of access to training records"),
    title=_("Who looked at training records"),
)


def _nominations_of(person):
    return Nomination.objects.filter(Q(nominee=person) | Q(nominated_by=person))


def _erase_nominations(person) -> Outcome:
    """Who was sent to which cohort stays (training statistics), linked to the anonymised
    account; the nominee's own words (a reason for declining) and the address an invitation
    went to are removed, from the history too."""
    count = Nomination.objects.filter(nominee=person).update(reason="", invited_email="")
    Nomination.history.filter(nominee=person).update(reason="", invited_email="")
    return Outcome(f"kept {count}, linked to the anonymised account; reasons and addresses removed")


register(
    "agencies.nomination",
    export=rows(
        _nominations_of,
        [
            "cohort__course__title",
            "cohort__title",
            "cohort__code",
            "agency",
            "nominee",
            "nominated_by",
            "status",
            "nominated_at",
            "respond_by",
            "decided_at",
            "reason",
        ],
    ),
    erase=_erase_nominations,
    title=_("Nominations by an agency"),
)
register(
    "agencies.historicalnomination",
    export=rows(
        lambda person: Nomination.history.filter(nominee=person),
        ["history_date", "history_type", "status"],
    ),
    erase=anonymised_link("history of nominations"),
)
