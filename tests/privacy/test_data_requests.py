"""PDPA: a learner downloads all their data; erasure removes it everywhere but certificates
still verify; restriction and refusal are recorded with a reason."""

import hashlib
import json
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session as HttpSession
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader
from wagtail.models import Locale

from accounts.models import User
from certificates import issuing
from certificates.models import Certificate
from certificates.privacy import ERASED_HOLDER_EN, ERASED_HOLDER_TH
from courses.models import Attendance, ModuleProgress
from privacy import registry
from privacy.data_requests import Decision, handle
from privacy.models import DataRequest
from tests.certificates.factories import make_enrollment
from tests.courses.helpers import make_session
from tests.factories import make_learner, make_module, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_with_history():
    """A learner who completed a cohort: attendance, a module, a certificate, history rows."""
    learner = make_learner(
        email="somsri.erase@dol.go.th",
        first_name_th="สมศรี",
        last_name_th="ลบได้",
        first_name="Somsri",
        last_name="Lobdai",
        phone="0812345678",
    )
    enrollment = make_enrollment(learner=learner)
    session = make_session(enrollment.cohort)
    Attendance.objects.create(session=session, enrollment=enrollment, status="present", method="qr")
    module = make_module(enrollment.cohort.course)
    ModuleProgress.objects.create(enrollment=enrollment, module=module)
    certificate = issuing.issue_certificate(enrollment)
    return learner, enrollment, certificate


def _json_export(client, learner) -> dict:
    client.force_login(learner)
    response = client.get("/en/me/data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    return json.loads(response.content)


def _section(data: dict, model: str) -> list[dict]:
    return next((s["rows"] for s in data["sections"] if s["model"] == model), [])


def test_the_json_download_holds_profile_enrolments_attendance_progress_certificates_history(
    client, learner_with_history
):
    learner, enrollment, certificate = learner_with_history

    data = _json_export(client, learner)

    assert _section(data, "accounts.user")[0]["email"] == "somsri.erase@dol.go.th"
    assert _section(data, "accounts.user")[0]["phone"] == "0812345678"
    assert _section(data, "courses.enrollment")[0]["cohort__code"] == enrollment.cohort.code
    assert _section(data, "courses.attendance")[0]["status"] == "present"
    assert len(_section(data, "courses.moduleprogress")) == 1
    assert _section(data, "certificates.certificate")[0]["serial"] == certificate.serial
    assert _section(data, "courses.historicalenrollment")
    assert _section(data, "certificates.historicalcertificate")
    # The download itself is recorded (who and when), without a copy of the data.
    logged = DataRequest.objects.get(person=learner, kind=DataRequest.Kind.EXPORT)
    assert logged.status == DataRequest.Status.DONE
    assert "somsri" not in logged.outcome


def test_the_export_holds_nothing_about_another_learner(client, learner_with_history):
    learner, _, _ = learner_with_history
    other = make_enrollment(learner=make_learner(email="other.person@dol.go.th")).learner

    body = json.dumps(_json_export(client, other), ensure_ascii=False)

    assert "somsri.erase@dol.go.th" not in body
    assert "ลบได้" not in body
    assert learner.username not in body


def test_the_readable_summary_shows_the_same_data_in_the_visitors_language(
    client, learner_with_history
):
    learner, enrollment, certificate = learner_with_history
    client.force_login(learner)

    response = client.get("/th/me/data/")

    page = response.content.decode()
    assert response.status_code == 200
    with translation.override("th"):
        assert gettext("My personal data") in page
    assert "somsri.erase@dol.go.th" in page
    assert certificate.serial in page
    assert enrollment.cohort.code in page


def test_my_data_pages_need_a_log_in(client):
    for url in ("/th/me/data/", "/th/me/data.json"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.post("/th/me/data/erase/").status_code == 302
    assert DataRequest.objects.count() == 0


def test_a_learner_asks_for_erasure_once_and_staff_see_it_pending(client):
    learner = make_learner()
    client.force_login(learner)

    client.post("/th/me/data/erase/")
    client.post("/th/me/data/erase/")

    pending = DataRequest.objects.filter(person=learner, kind=DataRequest.Kind.ERASURE)
    assert pending.count() == 1
    assert pending.get().status == DataRequest.Status.PENDING
    # GET is the confirmation page (tests/privacy/test_my_data.py): it records nothing more.
    assert client.get("/th/me/data/erase/").status_code == 200
    assert pending.count() == 1


def test_erasure_removes_personal_data_everywhere_and_the_certificate_still_verifies(
    client, learner_with_history
):
    learner, enrollment, certificate = learner_with_history
    old_pdf = certificate.pdf.name
    old_pdf_text = PdfReader(default_storage.open(old_pdf)).pages[0].extract_text()
    assert "Lobdai" in old_pdf_text
    # Things that only served the person: a session, a failed log-in record, a 2FA device.
    client.force_login(learner)
    AccessAttempt.objects.create(
        username=learner.email, ip_address="10.0.0.1", user_agent="x", failures_since_start=1
    )
    TOTPDevice.objects.create(user=learner, name="phone")
    assert HttpSession.objects.count() == 1
    request = DataRequest.objects.create(person=learner, kind=DataRequest.Kind.ERASURE)
    staff = make_opdc_staff()

    handle(request, Decision.ERASE, by=staff)

    request.refresh_from_db()
    assert request.status == DataRequest.Status.DONE
    assert request.handled_by == staff and request.handled_at is not None
    learner.refresh_from_db()
    assert not learner.is_active and not learner.has_usable_password()
    for value in ("somsri", "สมศรี", "ลบได้", "Lobdai", "0812345678", "dol.go.th"):
        assert value not in json.dumps(registry.export_person(learner), ensure_ascii=False)
    assert learner.email == "" and learner.phone == "" and learner.first_name_th == ""
    assert HttpSession.objects.count() == 0
    assert not AccessAttempt.objects.exists()
    assert not TOTPDevice.objects.filter(user=learner).exists()
    # History tables: no row keeps the name.
    certificate.refresh_from_db()
    for row in certificate.history.all():
        assert row.holder_name_th == ERASED_HOLDER_TH
        assert row.holder_name_en == ERASED_HOLDER_EN
    # The stored PDF was replaced by one without the name, and matches its hash.
    data = default_storage.open(certificate.pdf.name).read()
    assert hashlib.sha256(data).hexdigest() == certificate.sha256
    new_text = "".join(
        page.extract_text() for page in PdfReader(default_storage.open(certificate.pdf.name)).pages
    )
    assert "Lobdai" not in new_text and "ลบได้" not in new_text
    # Enrolment and certificate stay (training statistics; agencies verify the serial).
    enrollment.refresh_from_db()
    assert enrollment.learner_id == learner.pk
    response = client.get(f"/verify/{certificate.serial}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert certificate.status == Certificate.Status.VALID
    assert ERASED_HOLDER_TH in page and ERASED_HOLDER_EN in page
    assert certificate.course_title_th in page
    assert "17 February 2020" in page and "21 February 2020" in page
    assert "Lobdai" not in page


def test_erasure_leaves_other_people_untouched(learner_with_history):
    learner, _, _ = learner_with_history
    other_enrollment = make_enrollment(learner=make_learner(email="keep.me@dol.go.th"))
    other_certificate = issuing.issue_certificate(other_enrollment)
    other_name = other_certificate.holder_name_en
    request = DataRequest.objects.create(person=learner, kind=DataRequest.Kind.ERASURE)

    handle(request, Decision.ERASE, by=make_opdc_staff())

    other = User.objects.get(pk=other_enrollment.learner_id)
    assert other.email == "keep.me@dol.go.th" and other.is_active
    other_certificate.refresh_from_db()
    assert other_certificate.holder_name_en == other_name != ERASED_HOLDER_EN


def test_keeping_records_is_recorded_as_a_restriction_with_the_reason(learner_with_history):
    learner, _, certificate = learner_with_history
    request = DataRequest.objects.create(person=learner, kind=DataRequest.Kind.ERASURE)

    with pytest.raises(ValueError):
        handle(request, Decision.RESTRICT, by=make_opdc_staff(), reason="  ")
    handle(request, Decision.RESTRICT, by=make_opdc_staff(), reason="ใช้ประกอบการเลื่อนตำแหน่ง")

    request.refresh_from_db()
    assert request.status == DataRequest.Status.RESTRICTED
    assert request.reason == "ใช้ประกอบการเลื่อนตำแหน่ง"
    learner.refresh_from_db()
    assert not learner.is_active
    assert learner.email == "somsri.erase@dol.go.th"  # kept, as decided
    certificate.refresh_from_db()
    assert certificate.holder_name_en == "Ms Somsri Lobdai"


def test_a_handler_that_must_keep_data_turns_erasure_into_a_restriction(learner_with_history):
    learner, _, _ = learner_with_history
    original = registry._registry["privacy.datarequest"]
    registry.register(
        "privacy.datarequest",
        export=original.export,
        erase=registry.kept("audit by the Office of the Auditor General"),
    )
    try:
        request = DataRequest.objects.create(person=learner, kind=DataRequest.Kind.ERASURE)
        handle(request, Decision.ERASE, by=make_opdc_staff())
    finally:
        registry._registry["privacy.datarequest"] = original

    request.refresh_from_db()
    assert request.status == DataRequest.Status.RESTRICTED
    assert "Auditor General" in request.reason


def test_a_handled_request_cannot_be_handled_twice(learner_with_history):
    learner, _, _ = learner_with_history
    request = DataRequest.objects.create(person=learner, kind=DataRequest.Kind.ERASURE)
    handle(request, Decision.REFUSE, by=make_opdc_staff(), reason="ยังอยู่ระหว่างการอบรม")

    with pytest.raises(ValueError):
        handle(request, Decision.ERASE, by=make_opdc_staff())

    learner.refresh_from_db()
    assert learner.email == "somsri.erase@dol.go.th"


@pytest.mark.parametrize("persona", ["anonymous", "learner", "requester", "trainer"])
def test_only_opdc_staff_may_handle_a_request_in_the_admin(client, persona):
    requester = make_learner(email="asks@dol.go.th")
    request = DataRequest.objects.create(person=requester, kind=DataRequest.Kind.ERASURE)
    users = {"learner": make_learner(), "requester": requester, "trainer": make_trainer()}
    if persona in users:
        client.force_login(users[persona])
    url = f"/admin/privacy/requests/{request.pk}/handle/"

    response = client.post(url, {"decision": "erase", "confirmed": "True"})

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"] or "/admin/" == response["Location"]
    request.refresh_from_db()
    requester.refresh_from_db()
    assert request.status == DataRequest.Status.PENDING
    assert requester.email == "asks@dol.go.th"


def test_opdc_staff_erase_through_the_admin(client):
    requester = make_learner(email="asks@dol.go.th")
    request = DataRequest.objects.create(person=requester, kind=DataRequest.Kind.ERASURE)
    client.force_login(make_opdc_staff())

    assert client.get("/admin/lms_datarequest/").status_code == 200
    assert client.get(f"/admin/privacy/requests/{request.pk}/handle/").status_code == 200
    response = client.post(
        f"/admin/privacy/requests/{request.pk}/handle/", {"decision": "erase", "confirmed": "True"}
    )

    assert response.status_code == 302
    request.refresh_from_db()
    requester.refresh_from_db()
    assert request.status == DataRequest.Status.DONE
    assert requester.email == ""


def test_refusing_without_a_reason_in_the_admin_changes_nothing(client):
    requester = make_learner(email="asks@dol.go.th")
    request = DataRequest.objects.create(person=requester, kind=DataRequest.Kind.ERASURE)
    client.force_login(make_opdc_staff())

    response = client.post(
        f"/admin/privacy/requests/{request.pk}/handle/", {"decision": "refuse", "reason": ""}
    )

    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == DataRequest.Status.PENDING


def test_sign_up_records_the_lawful_basis_beside_the_notice_version(client, settings):
    from tests.accounts.test_accounts import signup_data

    client.post("/th/accounts/signup/", signup_data())

    user = User.objects.get()
    assert user.lawful_basis == settings.SIGNUP_LAWFUL_BASIS == "consent"
    assert user.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION


def test_opdc_staff_hold_the_data_request_permissions_under_the_privacy_app():
    """Granted by lms 0002 before the model moved; privacy 0001 carried them over."""
    staff = make_opdc_staff()

    assert staff.has_perm("privacy.view_datarequest")
    assert staff.has_perm("privacy.change_datarequest")
    assert not make_trainer().has_perm("privacy.view_datarequest")


def test_erasing_in_the_admin_asks_for_confirmation_before_anything_is_erased(client):
    requester = make_learner(email="asks@dol.go.th", first_name_th="สมหญิง", last_name_th="ขอลบ")
    request = DataRequest.objects.create(person=requester, kind=DataRequest.Kind.ERASURE)
    client.force_login(make_opdc_staff())
    url = f"/admin/privacy/requests/{request.pk}/handle/"

    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "erase"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "สมหญิง ขอลบ" in html
    assert "ไม่สามารถย้อนกลับได้" in html  # cannot be undone
    assert "สิ่งที่จะถูกลบ" in html and "สิ่งที่เก็บไว้" in html
    assert f'href="{url}"' in html  # cancel goes back to the decision
    request.refresh_from_db()
    requester.refresh_from_db()
    assert request.status == DataRequest.Status.PENDING
    assert requester.email == "asks@dol.go.th"

    response = client.post(url, {"decision": "erase", "confirmed": "True"}, follow=True)

    request.refresh_from_db()
    requester.refresh_from_db()
    assert request.status == DataRequest.Status.DONE
    assert requester.email == ""
    assert "ดำเนินการตามคำขอเรียบร้อยแล้ว" in response.content.decode()


def test_the_success_message_is_thai_for_staff_whose_admin_is_thai(client):
    """Staff set Thai in their Wagtail account; the browser may still ask for English."""
    from wagtail.users.models import UserProfile

    staff = make_opdc_staff()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "th"
    profile.save()
    requester = make_learner(email="asks@dol.go.th")
    request = DataRequest.objects.create(person=requester, kind=DataRequest.Kind.ERASURE)
    client.force_login(staff)

    response = client.post(
        f"/admin/privacy/requests/{request.pk}/handle/",
        {"decision": "refuse", "reason": "ยังอยู่ระหว่างการอบรม"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    assert "ดำเนินการตามคำขอเรียบร้อยแล้ว" in html
    assert "The request has been handled." not in html


def test_the_inspect_page_names_who_handled_a_request_and_never_says_none(client):
    requester = make_learner(email="asks@dol.go.th")
    request = DataRequest.objects.create(person=requester, kind=DataRequest.Kind.ERASURE)
    staff = make_opdc_staff(first_name_th="วิภา", last_name_th="ดูแล")
    client.force_login(staff)
    url = f"/admin/lms_datarequest/inspect/{request.pk}/"

    def handled_by() -> str:
        html = client.get(url).content.decode()
        shown = re.search(r"<dt>ดำเนินการโดย</dt>\s*<dd>(.*?)</dd>", html, re.S)
        return shown.group(1).strip()

    assert handled_by() in ("", "–")

    handle(request, Decision.REFUSE, by=staff, reason="ยังอยู่ระหว่างการอบรม")
    assert handled_by() == staff.display_name
    assert "วิภา ดูแล" in handled_by()


def test_a_request_handled_twice_in_the_thai_admin_is_refused_in_thai(client):
    """Two staff members open the same request; the second decision is refused, in Thai."""
    from wagtail.users.models import UserProfile

    staff = make_opdc_staff()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "th"
    profile.save()
    request = DataRequest.objects.create(
        person=make_learner(email="twice@dol.go.th"), kind=DataRequest.Kind.ERASURE
    )
    handle(request, Decision.REFUSE, by=make_opdc_staff(), reason="ยังอยู่ระหว่างการอบรม")
    client.force_login(staff)

    response = client.post(
        f"/admin/privacy/requests/{request.pk}/handle/",
        {"decision": "refuse", "reason": "ซ้ำ"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    assert "คำขอนี้ได้รับการดำเนินการไปแล้ว" in html
    assert "already been handled" not in html
    request.refresh_from_db()
    assert request.reason == "ยังอยู่ระหว่างการอบรม"


def test_the_handle_form_and_the_list_show_people_by_name_and_no_stray_label(client):
    staff = make_opdc_staff(first_name_th="วราภรณ์", last_name_th="ธนากร", title_th="นาง")
    requester = make_learner(first_name_th="สมศรี", last_name_th="ขอลบ", title_th="นางสาว")
    request = DataRequest.objects.create(person=requester, kind=DataRequest.Kind.ERASURE)
    client.force_login(staff)

    form = client.get(f"/admin/privacy/requests/{request.pk}/handle/").content.decode()
    handle(request, Decision.REFUSE, by=staff, reason="ยังอยู่ระหว่างการอบรม")
    listing = client.get("/admin/lms_datarequest/").content.decode()

    # The hidden confirmation field is sent, not labelled ("Confirmed" with no box under it).
    assert 'type="hidden" name="confirmed"' in form
    assert "Confirmed" not in form and 'for="id_confirmed"' not in form
    assert "นางวราภรณ์ ธนากร" in listing and "นางสาวสมศรี ขอลบ" in listing
    assert f">{staff.username}<" not in listing


@pytest.mark.parametrize(
    ("language", "label"), [("th", "ลบตามคำขอของเจ้าของข้อมูล"), ("en", "Removed at their request")]
)
def test_an_erased_person_reads_as_removed_at_their_request_not_a_username(client, language, label):
    from wagtail.users.models import UserProfile

    staff = make_opdc_staff()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = language
    profile.save()
    requester = make_learner(first_name_th="สมศรี", last_name_th="ขอลบ", first_name="Somsri")
    request = DataRequest.objects.create(person=requester, kind=DataRequest.Kind.ERASURE)
    handle(request, Decision.ERASE, by=staff)
    requester.refresh_from_db()
    client.force_login(staff)

    listing = client.get("/admin/lms_datarequest/").content.decode()
    inspect = client.get(f"/admin/lms_datarequest/inspect/{request.pk}/").content.decode()

    assert requester.username.startswith("erased-")
    for page in (listing, inspect):
        assert label in page and requester.username not in page
    with translation.override(language):
        assert requester.display_name == requester.get_full_name() == label


def test_the_erased_label_is_the_one_printed_on_certificates():
    """One wording for an erased person, on the pages and on their certificates."""
    learner = make_learner(is_active=False, username="erased-0123456789abcdef")
    with translation.override("th"):
        assert learner.display_name == ERASED_HOLDER_TH
    with translation.override("en"):
        assert learner.display_name == ERASED_HOLDER_EN


def test_an_inactive_account_keeps_its_name():
    learner = make_learner(first_name_th="สมศรี", last_name_th="พักไว้", is_active=False)
    with translation.override("th"):
        assert learner.display_name == learner.full_name_th != "ลบตามคำขอของเจ้าของข้อมูล"


def test_the_english_summary_names_courses_cohorts_and_sessions_in_english(
    client, learner_with_history
):
    learner, enrollment, _certificate = learner_with_history
    cohort = enrollment.cohort
    cohort.title_en = "Cohort 1, fiscal year 2020"
    cohort.save()
    english_course = cohort.course.get_translation(Locale.objects.get(language_code="en"))
    client.force_login(learner)

    page = client.get("/en/me/data/").content.decode()

    def section(model):
        return page.split(f'data-model="{model}"', 1)[1].split("</section>", 1)[0]

    enrolments, attendance = section("courses.enrollment"), section("courses.attendance")
    assert english_course.title in enrolments and cohort.course.title not in enrolments
    assert "Cohort 1, fiscal year 2020" in enrolments and cohort.title not in enrolments
    assert "Day 1: Understanding the problem" in attendance
    assert "วันที่ 1: เข้าใจปัญหา" not in attendance
    # The download keeps what is stored.
    [row] = _section(_json_export(client, learner), "courses.enrollment")
    assert row["cohort__title"] == cohort.title
