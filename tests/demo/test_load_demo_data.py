"""`manage.py load_demo_data`. Loading the demo takes a while, so the tests of a loaded demo
share one load (rolled back after them)."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.models import Page, Site

from accounts.models import User
from certificates.models import Certificate
from cms.models import CaseStudyPage, CoursePage, HomePage, StandardPage


class RecordingOutput(io.StringIO):
    """Command output that notes what the database held when each piece was written."""

    def __init__(self):
        super().__init__()
        self.writes: list[tuple[str, dict[str, int]]] = []

    def write(self, text):
        held = {
            "courses": CoursePage.objects.count(),
            "case studies": CaseStudyPage.objects.count(),
            "people": User.objects.count(),
            "certificates": Certificate.objects.count(),
        }
        self.writes.append((text, held))
        return super().write(text)


def test_the_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    call_command("load_demo_data")
    assert not User.objects.filter(username="admin").exists()


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for the class, as `make demo` does, then rolled back."""
    output = RecordingOutput()
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PUBLIC_BASE_URL="http://127.0.0.1:8123",
            DEBUG=True,
        ),
        transaction.atomic(),
    ):
        call_command("load_demo_data", stdout=output)
        yield output
        transaction.set_rollback(True)


@pytest.mark.xdist_group("loaded_demo")  # one demo load: the class stays on one worker
class TestTheLoadedDemo:
    """Tests of one loaded demo (the `loaded` fixture is per class)."""

    def test_the_demo_builds_a_bilingual_site_and_can_run_twice(self, loaded, db, client, settings):
        settings.DEBUG = True
        pages_after_first_run = Page.objects.count()
        call_command("load_demo_data", stdout=io.StringIO())

        assert Page.objects.count() == pages_after_first_run
        assert not Page.objects.filter(
            title__startswith="Welcome to your new Wagtail site"
        ).exists()
        assert Site.objects.get().root_page.specific_class is HomePage
        for username in ("admin", "trainer", "opdc", "learner"):
            assert User.objects.get(username=username).check_password("govlab-demo")
        assert User.objects.filter(username__startswith="learner").count() >= 60
        assert StandardPage.objects.filter(slug="privacy").count() == 2  # Thai and English

        assert "Gov Lab" in client.get("/th/").content.decode()
        assert client.get("/en/").status_code == 200
        assert "Privacy notice" in client.get("/en/privacy/").content.decode()

    def test_it_says_which_part_it_loads_with_counts_before_loading_it(self, loaded, db):
        started = {text: held for text, held in loaded.writes if re.match(r"\[\d+/10\] ", text)}
        parts = [re.match(r"\[(\d+)/10\] ([^:]+)", text).groups() for text in started]
        assert parts == [
            ("1", "Reference data"),
            ("2", "Site"),
            ("3", "Courses"),
            ("4", "Case studies"),
            ("5", "Scale-up tracker"),
            ("6", "Home pages"),
            ("7", "People"),
            ("8", "Cohorts"),
            ("9", "Certificates"),
            ("10", "Nominations"),
        ]
        courses, cases, people, certificates = (
            next(held for text, held in started.items() if f"] {name}:" in text)
            for name in ("Courses", "Case studies", "People", "Certificates")
        )
        assert courses["courses"] == 0 and cases["case studies"] == 0
        assert people["people"] == 0 and certificates["certificates"] == 0
        lines = loaded.getvalue().splitlines()
        assert "[3/10] Courses: 6 courses with 18 modules, in Thai and English ..." in lines[2]
        assert "[7/10] People: 6 demo logins and 60 learners ..." in lines[6]
        assert (
            "[9/10] Certificates: the default design, and a certificate for 21 completions"
            in (lines[8])
        )
        # Each part's line ends with the seconds it took, once it is done.
        assert all(re.search(r" \.\.\. \d+\.\d s$", line) for line in lines[:10])
        assert Certificate.objects.count() == 21

    def test_the_login_summary_names_each_role_in_aligned_columns(self, loaded, db):
        # `db`: pytest-django runs tests without it after the transactional ones, whose flush
        # leaves no locale for the class's demo load.
        lines = loaded.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("Demo logins"))
        logins = [line for line in lines[start + 1 :] if line.startswith("  ")]
        roles = {line.split()[0]: line for line in logins}
        assert "agency coordinator (Department of Lands)" in roles["coordinator"]
        assert "agency coordinator (Royal Irrigation Department)" in roles["coordinator2"]
        assert "Learners" not in roles["coordinator"]
        # Every role starts in the same column.
        columns = {len(line) - len(line[2:].split(" ", 1)[1].lstrip()) for line in logins}
        assert len(columns) == 1

    def test_each_coordinators_agency_has_a_nomination_in_every_state(self, loaded, db, settings):
        from agencies.models import Nomination

        settings.DEBUG = True
        call_command("load_demo_data", stdout=io.StringIO())  # a second run adds none

        for coordinator in ("coordinator", "coordinator2"):
            agency = User.objects.get(username=coordinator).coordinator_of.get().agency
            states = Nomination.objects.filter(agency=agency).values_list("status", flat=True)
            assert sorted(states) == sorted(
                ["nominated", "accepted", "declined", "withdrawn", "expired"]
                + (["nominated"] if coordinator == "coordinator" else [])
            )
        accepted = Nomination.objects.filter(status="accepted")
        assert all(n.enrollment and n.enrollment.learner == n.nominee for n in accepted)
        # The demo learner has one to answer on "My learning".
        assert Nomination.objects.filter(nominee__username="learner", status="nominated").exists()

    def test_a_cohort_holds_seat_quotas_for_two_agencies(self, loaded, db):
        from courses.models import Enrollment, SeatQuota
        from courses.seats import ledger

        quotas = SeatQuota.objects.filter(cohort__title_en__startswith="Cohort 4").select_related(
            "cohort", "agency"
        )
        assert sorted((q.agency.name_en, q.seats) for q in quotas) == [
            ("Department of Lands", 4),
            ("Royal Irrigation Department", 3),
        ]
        cohort = quotas[0].cohort
        filled = {line.quota.agency.name_en: line.filled for line in ledger(cohort).lines}
        assert filled == {"Department of Lands": 2, "Royal Irrigation Department": 1}
        # The open seats are taken, the reserved ones wait for their agencies' staff.
        assert cohort.seats_taken == 8
        assert Enrollment.objects.filter(cohort=cohort, status="waitlisted").count() == 4

    def test_the_site_answers_at_the_host_and_port_of_the_public_base_url(self, loaded, db):
        site = Site.objects.get(is_default_site=True)

        assert (site.hostname, site.port) == ("127.0.0.1", 8123)
        assert site.root_url == "http://127.0.0.1:8123"

    def test_every_completion_and_certificate_of_the_demo_meets_its_cohorts_rule(self, loaded, db):
        from courses import completion
        from courses.models import Enrollment

        completed = Enrollment.objects.filter(status=Enrollment.Status.COMPLETED)
        assert completed.count() == 21
        for enrollment in completed.select_related("cohort", "learner"):
            state = completion.progress(enrollment)
            assert state.modules_met and state.attendance_met, (
                f"{enrollment.learner.username}: {state.modules_done}/{state.modules_required} "
                f"modules, {state.sessions_attended}/{state.sessions_total} sessions"
            )
        holders = Certificate.objects.values_list("enrollment__status", flat=True)
        assert set(holders) == {Enrollment.Status.COMPLETED}
