"""The nomination screens: the coordinator nominates and withdraws on /th/my-agency/, the
nominee accepts or declines on "My learning", an invited person signs up and finds their
nomination. Persona ladder for each address; a refusal changes nothing."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from agencies import nominations
from agencies.models import AccessRecord, Nomination
from courses.models import Enrollment
from tests.agencies.helpers import make_agencies
from tests.courses.helpers import make_cohort
from tests.factories import make_home

pytestmark = pytest.mark.django_db
NOMINATE = "/th/my-agency/nominate/"
LIST = "/th/my-agency/nominations/"
Status = Nomination.Status


@pytest.fixture(autouse=True)
def site():
    return make_home()


@pytest.fixture
def world():
    return make_agencies()


@pytest.fixture
def cohort():
    return make_cohort(title="รุ่นที่ 5", capacity=5)


def _nominations():
    return list(Nomination.objects.order_by("pk").values_list("pk", "status", "nominee"))


def test_the_form_lists_open_cohorts_and_only_the_agencys_staff(client, world, cohort):
    client.force_login(world.coordinator)

    html = client.get(NOMINATE, {"cohort": cohort.code}).content.decode()

    assert "เสนอชื่อบุคลากรเข้ารับการอบรม" in html  # Thai first
    assert "รุ่นที่ 5" in html
    assert "อลิส" in html and "ชาลี" not in html
    assert AccessRecord.objects.get(viewer=world.coordinator).what == "staff_list"


def test_ticking_staff_nominates_them_and_lists_them(
    client, world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NOMINATE,
            {
                "cohort": cohort.code,
                "person": [world.alice.pk, world.bob.pk],
                "emails": "new@lands.go.th",
            },
            follow=True,
        )

    assert response.redirect_chain[-1][0].startswith(LIST)
    assert Nomination.objects.filter(status=Status.NOMINATED).count() == 3
    html = response.content.decode()
    assert "อลิส" in html and "new@lands.go.th" in html
    assert len(mailoutbox) == 3
    # Both pages showed other people's data: each view is recorded (PDPA).
    assert list(
        AccessRecord.objects.filter(viewer=world.coordinator).values_list("what", flat=True)
    ) == ["nominations"]


def test_the_list_form_speaks_thai_and_links_a_template_that_it_reads(client, world, cohort):
    client.force_login(world.coordinator)

    html = client.get(NOMINATE, {"cohort": cohort.code}).content.decode()

    # Our button and "no file" text, not the browser's English "Choose File".
    assert '<label for="id_file" class="button button-secondary file-picker-button">เลือกไฟล์' in html
    assert "ยังไม่ได้เลือกไฟล์" in html
    for file_format in ("csv", "xlsx"):
        url = f"/th/my-agency/nominate/template.{file_format}"
        assert f'href="{url}"' in html
        download = client.get(url)
        assert download.status_code == 200
        assert f"nominations-template.{file_format}" in download["Content-Disposition"]
    header = client.get("/th/my-agency/nominate/template.csv").content.decode("utf-8-sig")
    assert "email" in header.splitlines()[0].split(",")
    client.force_login(world.alice)
    assert client.get("/th/my-agency/nominate/template.csv").status_code == 403


def test_one_refusal_nominates_nobody(client, world, cohort, mailoutbox):
    client.force_login(world.coordinator)

    response = client.post(
        NOMINATE, {"cohort": cohort.code, "person": [world.alice.pk, world.charlie.pk]}
    )

    assert response.status_code == 200
    assert "ไม่มีผู้ใดได้รับการเสนอชื่อ" in response.content.decode()
    assert not Nomination.objects.exists() and mailoutbox == []


def test_a_closed_cohort_cannot_be_chosen(client, world):
    closed = make_cohort(enrolment_closes_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(world.coordinator)

    response = client.post(NOMINATE, {"cohort": closed.code, "person": [world.alice.pk]})

    assert response.status_code == 302
    assert not Nomination.objects.exists()


def test_another_agencys_coordinator_sees_and_withdraws_nothing_of_ours(client, world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    client.force_login(world.other_coordinator)

    html = client.get(LIST, {"agency": world.lands.pk}).content.decode()
    assert "อลิส" not in html
    url = reverse("agencies:withdraw_nomination", args=[nomination.code])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Nomination.objects.get().status == Status.NOMINATED


def test_the_coordinator_withdraws_after_confirming(client, world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    client.force_login(world.coordinator)
    url = reverse("agencies:withdraw_nomination", args=[nomination.code])

    assert "ถอนการเสนอชื่อนี้" in client.get(url).content.decode()
    assert Nomination.objects.get().status == Status.NOMINATED  # GET changes nothing
    client.post(url)

    assert Nomination.objects.get().status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("language", "label", "not_label"),
    [("th", "ถอนการเสนอชื่อ…", "ถอนตัว…"), ("en", "Withdraw nomination…", "Withdraw…")],
)
def test_the_withdraw_link_says_it_withdraws_the_nomination(
    client, world, cohort, language, label, not_label
):
    nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    client.force_login(world.coordinator)

    html = client.get(f"/{language}/my-agency/nominations/").content.decode()

    assert f">{label}</a>" in html
    assert f">{not_label}</a>" not in html  # "withdraw yourself" is the learner's own action


@pytest.mark.parametrize("url", [NOMINATE, LIST])
def test_people_who_coordinate_nothing_are_refused(client, world, url):
    assert client.get(url).status_code == 302  # to log in
    client.force_login(world.alice)
    assert client.get(url).status_code == 403


def test_the_nominee_accepts_from_my_learning(client, world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    client.force_login(world.alice)

    html = client.get("/th/me/").content.decode()
    assert "การเสนอชื่อจากหน่วยงานของท่าน" in html and "รุ่นที่ 5" in html
    response = client.post(reverse("nominations:accept", args=[nomination.code]), follow=True)

    message = str(next(iter(response.context["messages"])))
    assert cohort.course.title in message and "รุ่นที่ 5" in message
    assert Nomination.objects.get().status == Status.ACCEPTED
    assert Enrollment.objects.get(learner=world.alice).status == Enrollment.Status.ENROLLED


def test_the_nominee_declines_with_a_reason(client, world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    client.force_login(world.alice)

    client.post(reverse("nominations:decline", args=[nomination.code]), {"reason": "ลาคลอด"})

    nomination.refresh_from_db()
    assert nomination.status == Status.DECLINED and nomination.reason == "ลาคลอด"


def test_nobody_else_can_answer_or_see_a_nomination(client, world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    before = _nominations()
    for person in (world.bob, world.coordinator, world.charlie):
        client.force_login(person)
        assert client.get(reverse("nominations:answer", args=[nomination.code])).status_code == 404
        for action in ("accept", "decline"):
            url = reverse(f"nominations:{action}", args=[nomination.code])
            assert client.post(url).status_code == 404
    assert _nominations() == before and not Enrollment.objects.exists()


def test_an_answer_after_the_date_says_so_and_changes_nothing(client, world, cohort):
    nomination = nominations.nominate(world.coordinator, cohort, world.lands, person=world.alice)
    Nomination.objects.update(respond_by=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(world.alice)

    response = client.post(reverse("nominations:accept", args=[nomination.code]), follow=True)

    assert "พ้นกำหนด" in response.content.decode()
    assert Nomination.objects.get().status == Status.NOMINATED and not Enrollment.objects.exists()


def test_an_invited_person_signs_up_and_finds_the_nomination(
    client, world, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominations.nominate(
            world.coordinator, cohort, world.lands, email="Dao@Lands.go.th"
        )
    [mail] = mailoutbox
    link = reverse("nominations:invitation", args=[nomination.code])
    assert link in mail.body and "Dear recipient" in mail.body  # Thai, then English

    # The link says what the invitation is, then offers a sign-up with the address filled in.
    landing = client.get(link)
    html = landing.content.decode()
    assert landing.status_code == 200
    main = html[html.find("<main") :]
    assert "กรมที่ดิน" in main, main[:1500]
    assert "รุ่นที่ 5" in main, main[:1500]
    assert "dao@lands.go.th" in main.lower(), main[:1500]
    [signup_page] = re.findall(r'href="([^"]*/accounts/signup/\?[^"]*email=[^"]*)"', html)
    signup_page = signup_page.replace("&amp;", "&")
    form = client.get(signup_page).content.decode()
    assert 'value="dao@lands.go.th"' in form.lower()
    assert f'<option value="{world.lands.pk}" selected>' in form
    # Signing up with the invited address (whatever its case) comes back to the link.
    response = client.post(
        signup_page,
        {
            "email": "Dao@lands.go.th",
            "password1": "a-long-unusual-passphrase-2569",
            "password2": "a-long-unusual-passphrase-2569",
            "title_th": "นางสาว",
            "first_name_th": "ดาว",
            "last_name_th": "ที่ดิน",
            "first_name": "Dao",
            "last_name": "Thidin",
            # Not found in the list, so typed; the invitation then names it from the list.
            "agency": "",
            "agency_other": "สำนักงานที่ดินจังหวัด",
            "preferred_language": "th",
            "accept_privacy_notice": "on",
            "next": link,
        },
        follow=True,
    )

    dao = User.objects.get(email="dao@lands.go.th")
    nomination.refresh_from_db()
    assert nomination.nominee == dao
    assert dao.agency == world.lands  # from the invitation: the profile named none
    assert dao.agency_other == ""  # the list's agency instead of the typed one
    html = response.content.decode()
    assert "การเสนอชื่อจากหน่วยงานของท่าน" in html and "รุ่นที่ 5" in html


def test_an_invitation_no_longer_open_says_so_before_any_log_in(client, world, cohort):
    nomination = nominations.nominate(
        world.coordinator, cohort, world.lands, email="dao@lands.go.th"
    )
    nominations.withdraw(nomination, world.coordinator)

    html = client.get(reverse("nominations:invitation", args=[nomination.code])).content.decode()

    assert "คำเชิญนี้ปิดแล้ว" in html
    assert "dao@lands.go.th" not in html


def test_an_invitation_is_not_taken_by_another_address(client, world, cohort):
    nomination = nominations.nominate(
        world.coordinator, cohort, world.lands, email="dao@lands.go.th"
    )
    client.force_login(world.bob)

    client.get(reverse("nominations:invitation", args=[nomination.code]))

    assert Nomination.objects.get().nominee is None


def test_an_invitation_from_another_agency_than_the_profiles_is_refused(client, world, cohort):
    from tests.factories import make_learner

    nomination = nominations.nominate(
        world.coordinator, cohort, world.lands, email="dao@lands.go.th"
    )
    dao = make_learner(email="dao@lands.go.th", agency=world.irrigation)
    client.force_login(dao)

    response = client.get(reverse("nominations:invitation", args=[nomination.code]), follow=True)

    assert "โปรไฟล์ของท่านระบุหน่วยงานอื่น" in response.content.decode()
    assert Nomination.objects.get().nominee is None
    dao.refresh_from_db()
    assert dao.agency == world.irrigation
