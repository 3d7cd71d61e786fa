"""The demo's nominations (demo/content/nominations.yaml): one in each state for each demo
coordinator's agency, made through the nomination workflow. Idempotent: a person (or an
address) already nominated to the cohort is left as they are."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from agencies import nominations
from agencies.models import Nomination
from courses.models import Cohort


def _open_cohort(slug: str) -> Cohort | None:
    return (
        Cohort.objects.open_for_enrollment()
        .filter(course__slug=slug, course__locale__language_code="th")
        .order_by("start_date", "pk")
        .first()
    )


def load(content: dict) -> int:
    """Returns how many nominations were made."""
    users = get_user_model().objects
    made = 0
    for spec in content["nominations"]:
        cohort = _open_cohort(spec["course"])
        if cohort is None:
            continue
        coordinator = users.get(username=spec["by"])
        agency = coordinator.coordinator_of.get().agency
        person = users.get(username=spec["person"]) if "person" in spec else None
        email = spec.get("email", "")
        existing = Nomination.objects.filter(cohort=cohort).filter(
            Q(nominee=person) if person else Q(invited_email__iexact=email)
        )
        if existing.exists():
            continue
        nomination = nominations.nominate(coordinator, cohort, agency, person=person, email=email)
        made += 1
        _bring_to(spec, nomination, coordinator)
    return made


def _bring_to(spec: dict, nomination: Nomination, coordinator) -> None:
    state = spec["state"]
    if state == "accepted":
        nominations.accept(nomination, nomination.nominee)
    elif state == "declined":
        nominations.decline(nomination, nomination.nominee, reason=spec.get("reason", ""))
    elif state == "withdrawn":
        nominations.withdraw(nomination, coordinator)
    elif state == "expired":
        # Its answer date passed a week ago, unanswered: the hourly job records it.
        Nomination.objects.filter(pk=nomination.pk).update(
            respond_by=timezone.localdate() - datetime.timedelta(days=7)
        )
        nominations.expire_overdue()
