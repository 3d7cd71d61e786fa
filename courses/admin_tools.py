"""The tools of a cohort in the admin, as one list of links: the cohort's tab bar, its row in
"my cohorts" and the admin home all show the same tools in the same order.

Tools of higher apps (the certificates of a cohort) come through the
``register_cohort_admin_tools`` hook, because courses cannot import them: each hook function
takes the list of cohorts and returns ``{cohort_id: [CohortTool, ...]}``, in a constant number
of queries whatever the number of cohorts.
"""

import dataclasses
from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from courses.models import Cohort

HOOK = "register_cohort_admin_tools"


@dataclasses.dataclass(frozen=True)
class CohortTool:
    # The tab the tool's pages mark as current (``tab`` in the templates' context).
    name: str
    label: str
    url: str
    # Why the tool cannot be used yet ("can be issued once the cohort ends on ..."): shown
    # beside a disabled button instead of the link.
    disabled_reason: str = ""


def cohort_tools(cohorts: Sequence[Cohort]) -> dict[int, list[CohortTool]]:
    """Every tool of each cohort, for a person who manages these cohorts (the caller has
    already scoped them with ``Cohort.objects.for_trainer``)."""
    tools = {
        cohort.pk: [
            CohortTool("roster", _("Roster"), reverse("courses_admin_roster", args=[cohort.code])),
            CohortTool(
                "sessions",
                _("Sessions and attendance"),
                reverse("courses_admin_sessions", args=[cohort.code]),
            ),
            CohortTool(
                "quotas", _("Seat quotas"), reverse("courses_admin_quotas", args=[cohort.code])
            ),
            CohortTool(
                "import",
                _("Import participants"),
                reverse("courses_admin_import", args=[cohort.code]),
            ),
            CohortTool(
                "history", _("History"), reverse("courses_admin_history", args=[cohort.code])
            ),
        ]
        for cohort in cohorts
    }
    if tools:
        for supply in hooks.get_hooks(HOOK):
            for cohort_id, more in supply(list(cohorts)).items():
                tools[cohort_id].extend(more)
    return tools
