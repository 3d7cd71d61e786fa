"""The personal data of the agencies app (PDPA; registry in privacy.registry).

A person's export shows who looked at their training record and when (the right to know who
processed their data), and the coordinator's own export what they looked at. The records
are an accountability log: erasure keeps them, linked to the anonymised account.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import AccessRecord
from privacy.registry import anonymised_link, register, rows


def _records_of(person):
    return AccessRecord.objects.filter(Q(person=person) | Q(viewer=person))


register(
    "agencies.accessrecord",
    export=rows(_records_of, ["at", "viewer", "person", "agency", "what"]),
    erase=anonymised_link("an accountability log of access to training records"),
    title=_("Who looked at training records"),
)
