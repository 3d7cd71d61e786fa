"""People and agencies shared by the nomination tests: two agencies, a coordinator of each,
staff of each (Alice and Bob of the Department of Lands, Charlie of Royal Irrigation)."""

import dataclasses

from accounts.models import AgencyCoordinator
from tests.factories import make_agency, make_learner


@dataclasses.dataclass
class Agencies:
    lands: object
    irrigation: object
    coordinator: object  # of the Department of Lands
    other_coordinator: object  # of Royal Irrigation
    alice: object  # staff of Lands, Thai
    bob: object  # staff of Lands, English
    charlie: object  # staff of Royal Irrigation


def make_agencies() -> Agencies:
    lands = make_agency("Department of Lands", name_th="กรมที่ดิน")
    irrigation = make_agency("Royal Irrigation Department", name_th="กรมชลประทาน")
    coordinator = make_learner(first_name_th="ประสาน", last_name_th="งานดี", agency=lands)
    AgencyCoordinator.objects.create(user=coordinator, agency=lands)
    other = make_learner(first_name_th="ประสิทธิ์", last_name_th="ชลดี", agency=irrigation)
    AgencyCoordinator.objects.create(user=other, agency=irrigation)
    return Agencies(
        lands=lands,
        irrigation=irrigation,
        coordinator=coordinator,
        other_coordinator=other,
        alice=make_learner(first_name_th="อลิส", last_name_th="ที่ดิน", agency=lands),
        bob=make_learner(
            first_name="Bob", last_name="Lands", agency=lands, preferred_language="en"
        ),
        charlie=make_learner(first_name_th="ชาลี", last_name_th="ชลประทาน", agency=irrigation),
    )
