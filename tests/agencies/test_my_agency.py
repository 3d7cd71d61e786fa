"""The agency coordinator's area: their agency's staff and each person's training, read only,
nothing of any other agency, and every view of other people's data recorded (PDPA)."""

import pytest
from django.urls import reverse

from accounts.models import AgencyCoordinator
from agencies.models import AccessRecord
from certificates.issuing import issue_certificate
from courses.models import Enrollment
from privacy.registry import export_person
from tests.certificates.factories import make_enrollment
from tests.factories import make_agency, make_home, make_learner, make_opdc_staff

pytestmark = pytest.mark.django_db
STAFF = "/th/my-agency/"


@pytest.fixture(autouse=True)
def site():
    """The Thai home page and its English translation, as on the demo."""
    return make_home()


@pytest.fixture
def lands():
    return make_agency("Department of Lands", name_th="กรมที่ดิน")


@pytest.fixture
def irrigation():
    return make_agency("Royal Irrigation Department", name_th="กรมชลประทาน")


@pytest.fixture
def coordinator(lands):
    person = make_learner(first_name_th="ประสาน", last_name_th="งานดี", agency=lands)
    AgencyCoordinator.objects.create(user=person, agency=lands)
    return person


@pytest.fixture
def somsri(lands):
    """Staff of the Department of Lands with a completed, certified course and a request."""
    somsri = make_learner(
        title_th="นางสาว",
        first_name_th="สมศรี",
        last_name_th="ใจดี",
        first_name="Somsri",
        last_name="Jaidee",
        agency=lands,
        position="นักวิชาการที่ดิน",
    )
    issue_certificate(make_enrollment(learner=somsri))
    make_enrollment(learner=somsri, status=Enrollment.Status.PENDING)
    return somsri


@pytest.fixture
def somchai(irrigation):
    somchai = make_learner(first_name_th="สมชาย", last_name_th="ชลดี", agency=irrigation)
    issue_certificate(make_enrollment(learner=somchai))
    return somchai


def test_a_coordinator_sees_their_agencys_staff_with_their_training_in_thai(
    client, coordinator, somsri, somchai
):
    client.force_login(coordinator)

    response = client.get(STAFF)

    assert response.status_code == 200
    html = response.content.decode()
    assert "หน่วยงานของฉัน: กรมที่ดิน" in html
    row = html.split("สมศรี", 1)[1].split("</tr>", 1)[0]
    # requests waiting, enrolled, completed, certificates, hours
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert cells[2:] == ["1", "0", "1", "1", "30"]
    assert "สมชาย" not in html  # another agency's staff


def test_a_person_of_the_agency_is_shown_with_enrolments_and_certificates(
    client, coordinator, somsri
):
    client.force_login(coordinator)

    html = client.get(reverse("agencies:person", args=[somsri.pk])).content.decode()

    assert "นางสาวสมศรี ใจดี" in html
    assert "รอการอนุมัติ" in html or "รออนุมัติ" in html
    certificate = somsri.enrollments.get(status="completed").certificates.get()
    assert certificate.serial in html
    assert "2563" in html  # the cohort's dates in the Buddhist era


def test_a_person_of_another_agency_is_not_found_and_nothing_is_recorded(
    client, coordinator, somchai
):
    client.force_login(coordinator)

    response = client.get(reverse("agencies:person", args=[somchai.pk]))

    assert response.status_code == 404
    assert "สมชาย" not in response.content.decode()
    assert not AccessRecord.objects.filter(person=somchai).exists()


def test_the_agency_switch_cannot_reach_an_agency_one_does_not_coordinate(
    client, coordinator, somchai, irrigation
):
    client.force_login(coordinator)

    html = client.get(STAFF, {"agency": irrigation.pk}).content.decode()

    assert "กรมชลประทาน" not in html and "สมชาย" not in html


def test_someone_coordinating_two_agencies_switches_between_them(
    client, coordinator, somsri, somchai, irrigation
):
    AgencyCoordinator.objects.create(user=coordinator, agency=irrigation)
    client.force_login(coordinator)

    html = client.get(STAFF, {"agency": irrigation.pk}).content.decode()

    assert "หน่วยงานของฉัน: กรมชลประทาน" in html
    assert "สมชาย" in html and "สมศรี" not in html


@pytest.mark.parametrize("who", ["learner", "opdc"])
def test_people_who_coordinate_nothing_are_refused(client, lands, somsri, who):
    person = make_learner(agency=lands) if who == "learner" else make_opdc_staff(agency=lands)
    client.force_login(person)

    assert client.get(STAFF).status_code == 403
    assert client.get(reverse("agencies:person", args=[somsri.pk])).status_code == 403


def test_visitors_are_sent_to_log_in(client, somsri):
    response = client.get(STAFF)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_view_of_other_peoples_data_is_recorded_and_shown_in_their_export(
    client, coordinator, somsri
):
    client.force_login(coordinator)
    client.get(STAFF)
    client.get(reverse("agencies:person", args=[somsri.pk]))

    records = list(AccessRecord.objects.order_by("at", "pk"))
    assert [(r.viewer, r.person, r.what) for r in records] == [
        (coordinator, None, AccessRecord.What.STAFF_LIST),
        (coordinator, somsri, AccessRecord.What.PERSON),
    ]
    sections = export_person(somsri)["sections"]
    [accesses] = [s["rows"] for s in sections if s["model"] == "agencies.accessrecord"]
    assert len(accesses) == 1


def test_a_search_finds_staff_by_a_thai_name_inside_the_name(client, coordinator, somsri, lands):
    make_learner(first_name_th="วิชัย", last_name_th="ดีมาก", agency=lands)
    client.force_login(coordinator)

    html = client.get(STAFF, {"q": "ศรี"}).content.decode()

    assert "สมศรี" in html and "วิชัย" not in html


def test_my_learning_links_a_coordinator_to_their_agency(client, coordinator):
    client.force_login(coordinator)
    assert reverse("agencies:staff") in client.get("/th/me/").content.decode()


@pytest.mark.parametrize(("language", "label"), [("th", "หน่วยงานของฉัน"), ("en", "My agency")])
def test_the_site_header_links_a_coordinator_and_nobody_else_to_my_agency(
    client, coordinator, somsri, language, label
):
    link = f'<a href="/{language}/my-agency/">{label}</a>'
    client.force_login(coordinator)
    header = client.get(f"/{language}/").content.decode().split("</header>")[0]
    assert link in header

    client.force_login(somsri)
    assert link not in client.get(f"/{language}/").content.decode()
    client.logout()
    assert link not in client.get(f"/{language}/").content.decode()


def test_a_coordinator_sets_up_the_second_factor_before_seeing_anyone(
    client, settings, coordinator, somsri
):
    """They read other people's records: like staff, they verify an authenticator code."""
    settings.ADMIN_REQUIRE_TWO_FACTOR = True
    client.force_login(coordinator)

    response = client.get(STAFF)

    assert response.status_code == 302
    assert reverse("accounts:two_factor_setup") in response["Location"]
    assert not AccessRecord.objects.exists()
    # The setup page speaks to them too, not only to trainers opening the admin.
    setup = client.get(response["Location"]).content.decode()
    assert "ผู้ประสานงานหน่วยงาน" in setup
    assert "หน้าผู้ดูแลระบบ" not in setup


@pytest.mark.parametrize("language", ["th", "en"])
def test_staff_are_in_the_alphabetical_order_of_the_names_shown(
    client, coordinator, lands, language
):
    # Thai order: ก (Kitti) before ส (Anong); English order: Anong before Kitti.
    make_learner(first_name_th="สมใจ", last_name_th="ก", first_name="Anong", agency=lands)
    make_learner(first_name_th="กิตติ", last_name_th="ข", first_name="Kitti", agency=lands)
    client.force_login(coordinator)

    html = client.get(f"/{language}/my-agency/").content.decode()

    first, second = ("กิตติ", "สมใจ") if language == "th" else ("Kitti", "Anong")[::-1]
    assert html.index(first) < html.index(second)
