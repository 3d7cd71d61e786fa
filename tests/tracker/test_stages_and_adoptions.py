"""The scale-up tracker's records: stage changes move a prototype, adoptions are edited by OPDC
staff only in the admin, and the public case-study page shows both."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cms.models import CaseStudyPage, Province
from tests.certificates.factories import make_cohort, make_enrollment
from tests.courses.test_admin_dates import admin_in
from tests.factories import (
    make_agency,
    make_case_study,
    make_learner,
    make_opdc_staff,
    make_trainer,
    make_user,
)
from tracker.models import Adoption, StageChange, record_stage_change

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_stage_change_moves_the_prototype_and_stays_in_history_with_the_actor():
    page = make_case_study(stage="idea")
    staff = make_opdc_staff()

    record_stage_change(page, "prototype", D(2020, 7, 1), by=staff, evidence_text="ทดสอบกับผู้ใช้")
    record_stage_change(
        page, "pilot", D(2021, 3, 1), by=staff, evidence_url="https://example.go.th/r"
    )

    page.refresh_from_db()
    assert page.stage == "pilot"
    assert [c.stage for c in StageChange.objects.for_page(page)] == ["prototype", "pilot"]
    history = StageChange.history.filter(prototype_id=page.pk)
    assert history.count() == 2
    assert {entry.history_user for entry in history} == {staff}
    assert {c.recorded_by for c in StageChange.objects.all()} == {staff}


def test_the_stage_follows_the_latest_date_not_the_latest_entry():
    page = make_case_study(stage="idea")
    record_stage_change(page, "pilot", D(2021, 3, 1), evidence_text="นำร่อง")
    # Recorded late, but it happened earlier: the page stays at pilot.
    record_stage_change(page, "prototype", D(2020, 7, 1), evidence_text="ต้นแบบ")

    page.refresh_from_db()
    assert page.stage == "pilot"


def test_removing_the_latest_change_moves_the_stage_back():
    page = make_case_study(stage="idea")
    record_stage_change(page, "prototype", D(2020, 7, 1), evidence_text="ต้นแบบ")
    latest = record_stage_change(page, "scaling", D(2022, 1, 1), evidence_text="ขยายผล")

    latest.delete()

    page.refresh_from_db()
    assert page.stage == "prototype"


def test_a_stage_change_needs_evidence():
    page = make_case_study(stage="idea")
    with pytest.raises(ValidationError):
        record_stage_change(page, "pilot", D(2021, 3, 1))
    page.refresh_from_db()
    assert page.stage == "idea"
    assert not StageChange.objects.exists()


def test_publishing_an_old_revision_keeps_the_recorded_stage(client):
    page = make_case_study(stage="idea")
    record_stage_change(page, "scaling", D(2022, 1, 1), evidence_text="ขยายผล")

    # The page's revisions still say "idea"; publishing one must not roll the stage back.
    page = CaseStudyPage.objects.get(pk=page.pk)
    page.get_latest_revision().publish()

    page.refresh_from_db()
    assert page.stage == "scaling"


# --- Adoptions in the Wagtail admin: who and when, and who may --------------------------


@pytest.fixture
def adoption():
    page = make_case_study(stage="pilot")
    adoption = Adoption(
        prototype=page,
        agency=make_agency(),
        started_on=D(2021, 3, 1),
        stage_reached="pilot",
        people_served=100,
    )
    adoption.save()
    return adoption


def _edit_url(adoption):
    return reverse("wagtailsnippets_tracker_adoption:edit", args=[adoption.pk])


def _form_data(adoption, people_served):
    province = Province.objects.get(name_en="Chiang Mai")
    return {
        "prototype": adoption.prototype_id,
        "agency": adoption.agency_id,
        "provinces": [province.pk],
        "started_on": "2021-03-01",
        "stage_reached": "scaling",
        "people_served": str(people_served),
        "evidence_text": "รายงานผล",
        "evidence_url": "",
        "outcomes-TOTAL_FORMS": "1",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "1000",
        "outcomes-0-name_th": "ระยะเวลาดำเนินการ",
        "outcomes-0-name_en": "Processing time",
        "outcomes-0-unit": "วัน",
        "outcomes-0-unit_en": "days",
        "outcomes-0-before": "30",
        "outcomes-0-after": "7",
        "outcomes-0-ORDER": "1",
        "outcomes-0-DELETE": "",
        "outcomes-0-id": "",
    }


def test_opdc_staff_edit_an_adoption_and_the_history_records_who(client, adoption):
    staff = make_opdc_staff()
    client.force_login(staff)

    response = client.post(_edit_url(adoption), _form_data(adoption, 2500))

    assert response.status_code == 302, response.content.decode()[:2000]
    adoption.refresh_from_db()
    assert adoption.people_served == 2500
    assert adoption.stage_reached == "scaling"
    assert [p.name_en for p in adoption.provinces.all()] == ["Chiang Mai"]
    [outcome] = adoption.outcomes.all()
    assert (outcome.before, outcome.after) == (30, 7)
    latest = adoption.history.first()
    assert latest.history_user == staff
    assert latest.people_served == 2500


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_thai_digits_in_a_form_sets_row_count_are_refused_and_change_nothing(
    client, adoption, encoding
):
    # Python's int() reads ๒๕๖๙ as 2569: the outcomes form set looked for 2,569 rows (a 500).
    client.force_login(make_opdc_staff())
    data = _form_data(adoption, 2500)
    data["outcomes-TOTAL_FORMS"] = "๒๕๖๙"

    if encoding == "multipart":
        response = client.post(_edit_url(adoption), data)
    else:
        response = client.post(
            _edit_url(adoption),
            urlencode(data, doseq=True),
            content_type="application/x-www-form-urlencoded",
        )

    assert response.status_code == 400
    assert "0-9" in response.content.decode()
    adoption.refresh_from_db()
    assert adoption.people_served == 100
    assert not adoption.outcomes.exists()


def _attempt(client, adoption, user):
    if user:
        client.force_login(user)
    listing = client.get(reverse("wagtailsnippets_tracker_adoption:list"))
    edit = client.post(_edit_url(adoption), _form_data(adoption, 9999))
    for response in (listing, edit):
        # Turned away: to the log-in page or the admin home, never on to the edited adoption.
        assert response.status_code != 302 or response.url.split("?")[0] in (
            "/admin/login/",
            "/admin/",
        )
    adoption.refresh_from_db()
    assert adoption.people_served == 100
    assert adoption.history.count() == 1
    return listing.status_code, edit.status_code


def test_anonymous_visitors_are_sent_to_log_in(client, adoption):
    assert _attempt(client, adoption, None) == (302, 302)


def test_a_learner_cannot_reach_the_admin(client, adoption):
    assert _attempt(client, adoption, make_learner()) == (302, 302)


def test_another_learner_with_a_certificate_cannot_either(client, adoption):
    enrollment = make_enrollment()
    assert _attempt(client, adoption, enrollment.learner) == (302, 302)


def test_a_trainer_of_another_cohort_is_refused(client, adoption):
    # Wagtail answers a refused admin action with a redirect home and an error message.
    make_cohort()
    assert _attempt(client, adoption, make_trainer()) == (302, 302)


def test_a_trainer_of_a_cohort_that_co_designed_the_prototype_is_refused(client, adoption):
    trainer = make_trainer()
    cohort = make_cohort()
    cohort.trainers.add(trainer)
    cohort.co_designed_prototypes.add(adoption.prototype)
    assert _attempt(client, adoption, trainer) == (302, 302)


def test_trainers_do_not_see_the_tracker_menu(client):
    trainer = make_trainer()
    client.force_login(trainer)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("wagtailsnippets_tracker_adoption:list") not in response.content.decode()
    assert reverse("opdc_dashboard") not in response.content.decode()


def test_opdc_staff_see_the_tracker_and_the_dashboard_in_the_menu(client):
    client.force_login(make_opdc_staff())
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse("opdc_dashboard") in response.content.decode()


def test_a_superuser_may_edit_adoptions(client, adoption):
    client.force_login(make_user(role=None, is_superuser=True, is_staff=True))
    response = client.post(_edit_url(adoption), _form_data(adoption, 300))
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.people_served == 300


def test_opdc_staff_record_a_stage_change_in_the_admin_as_themselves(client):
    page = make_case_study(stage="idea")
    staff = make_opdc_staff()
    client.force_login(staff)

    response = client.post(
        reverse("wagtailsnippets_tracker_stagechange:add"),
        {
            "prototype": page.pk,
            "stage": "prototype",
            "changed_on": "2020-07-01",
            "evidence_text": "ทดสอบกับผู้ใช้ 40 คน",
            "evidence_url": "",
        },
    )

    assert response.status_code == 302
    change = StageChange.objects.get()
    assert change.recorded_by == staff
    assert change.history.get().history_user == staff
    page.refresh_from_db()
    assert page.stage == "prototype"


@pytest.mark.parametrize("prototype", ["99999999999999999999999", "../../etc/passwd", "ก" * 100])
def test_a_stage_change_whose_prototype_is_not_an_id_is_refused_with_a_message(client, prototype):
    """Wagtail's page chooser looked the text up while showing the form again (ValueError), or
    SQLite overflowed: a 500 found by the hostile-input battery."""
    page = make_case_study(stage="idea")
    client.force_login(make_opdc_staff())

    response = client.post(
        reverse("wagtailsnippets_tracker_stagechange:add"),
        {
            "prototype": prototype,
            "stage": "prototype",
            "changed_on": "2020-07-01",
            "evidence_text": "ทดสอบกับผู้ใช้ 40 คน",
            "evidence_url": "",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["prototype"]
    assert not StageChange.objects.exists()
    page.refresh_from_db()
    assert page.stage == "idea"


@pytest.mark.parametrize("rows", ["1", "99999999999999999999999"])
def test_an_adoption_form_claiming_saved_outcomes_it_does_not_send_is_refused(client, rows):
    """A form set that says it has saved rows must send their ids: modelcluster looked for
    `outcomes-0-id` and failed (MultiValueDictKeyError, a 500) on an add form whose row
    counts were all a huge number."""
    page = make_case_study(stage="pilot")
    client.force_login(make_opdc_staff())
    data = _form_data(Adoption(prototype=page, agency=make_agency()), 100)
    data.pop("outcomes-0-id")
    data.update({"outcomes-TOTAL_FORMS": rows, "outcomes-INITIAL_FORMS": rows})

    response = client.post(reverse("wagtailsnippets_tracker_adoption:add"), data)

    assert response.status_code == 400
    assert not Adoption.objects.exists()


# --- The public scale-up section --------------------------------------------------------


def test_the_case_study_page_shows_the_timeline_and_adopting_agencies(client, adoption):
    page = adoption.prototype
    record_stage_change(page, "pilot", D(2021, 3, 1), evidence_text="นำร่องที่เชียงใหม่")
    adoption.provinces = [Province.objects.get(name_en="Chiang Mai")]
    adoption.save()

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    with translation.override("th"):
        from django.utils.translation import gettext

        assert gettext("Stage timeline") in html
    assert "1 มีนาคม 2564" in html  # BE date
    assert "นำร่องที่เชียงใหม่" in html
    assert adoption.agency.name_th in html
    assert "เชียงใหม่" in html


def test_the_adopting_agencies_table_fits_a_phone_and_groups_its_numbers(client, adoption):
    adoption.people_served = 90000
    adoption.provinces = [Province.objects.get(name_en="Chiang Mai")]
    adoption.save()

    html = client.get(adoption.prototype.url).content.decode()

    # The table scrolls in its own box on a narrow screen instead of widening the page.
    assert re.search(r'<div class="table-scroll"[^>]*><table class="adoptions">', html)
    assert "<td>90,000</td>" in html
    # The names of the provinces reached, not a number of them.
    assert "จังหวัดที่นำไปใช้:</strong>" in html
    assert "จำนวนจังหวัดที่ครอบคลุม" not in html


def test_the_same_stage_on_the_same_day_is_refused_with_a_message(client):
    page = make_case_study(stage="idea")
    record_stage_change(page, "pilot", D(2026, 11, 20), evidence_text="นำร่องที่เชียงใหม่")
    admin_in(client, make_opdc_staff(), "th")

    response = client.post(
        reverse("wagtailsnippets_tracker_stagechange:add"),
        {
            "prototype": page.pk,
            "stage": "pilot",
            "changed_on": "2569-11-20",
            "evidence_text": "นำร่องที่เชียงใหม่",
            "evidence_url": "",
        },
    )

    assert response.status_code == 200
    assert "ต้นแบบนี้มีการบันทึกระยะนี้ในวันที่นี้แล้ว" in response.content.decode()
    assert StageChange.objects.count() == 1
    assert client.get(page.url).content.decode().count("นำร่องที่เชียงใหม่") == 1


def test_the_same_stage_on_the_same_day_is_refused_through_the_workflow_too():
    page = make_case_study(stage="idea")
    record_stage_change(page, "pilot", D(2026, 11, 20), evidence_text="นำร่อง")

    with pytest.raises(ValidationError):
        record_stage_change(page, "pilot", D(2026, 11, 20), evidence_url="https://example.go.th")

    # Another stage that day, or the same stage another day, is a real change.
    record_stage_change(page, "scaling", D(2026, 11, 20), evidence_text="ขยายผล")
    record_stage_change(page, "pilot", D(2026, 11, 21), evidence_text="นำร่องรอบสอง")
    assert StageChange.objects.count() == 3


def test_the_admin_list_of_adoptions_groups_the_people_served(client, adoption):
    adoption.people_served = 15000
    adoption.save()
    client.force_login(make_opdc_staff())

    html = client.get(reverse("wagtailsnippets_tracker_adoption:list")).content.decode()
    by_most = client.get(
        reverse("wagtailsnippets_tracker_adoption:list"), {"ordering": "-people_served"}
    )

    assert re.search(r">\s*15,000\s*<", html)
    assert by_most.status_code == 200
