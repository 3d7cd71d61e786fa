import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.models import Role, User
from cms.models import Agency, Province
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "email": "Somying.K@Land.go.th ",
        "password1": "a-long-unusual-passphrase-2569",
        "password2": "a-long-unusual-passphrase-2569",
        "title_th": "นางสาว",
        "first_name_th": "สมหญิง\u200b",
        "last_name_th": "กล้าหาญ",
        "title_en": "Ms",
        "first_name": "Somying",
        "last_name": "Klahan",
        "agency": Agency.objects.create(name_th="กรมที่ดิน", name_en="Department of Lands").pk,
        "position": "นักวิชาการที่ดิน",
        "province": Province.objects.get(name_en="Khon Kaen").pk,
        "phone": "",
        "preferred_language": "th",
        "accept_privacy_notice": "on",
    }
    data.update(overrides)
    return data


def test_sign_up_creates_a_learner_with_a_bilingual_profile_and_consent(client, settings):
    response = client.post("/th/accounts/signup/", signup_data())
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "somying.k@land.go.th"
    assert user.username == "somying.k@land.go.th"
    assert user.full_name_th == "นางสาวสมหญิง กล้าหาญ"  # the zero-width space is gone
    assert user.full_name_en == "Ms Somying Klahan"
    assert user.groups.filter(name=Role.LEARNERS).exists()
    assert user.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    assert user.privacy_accepted_at is not None
    # Signed in straight away, landing on "My learning".
    assert response["Location"] == "/th/me/"
    assert client.get("/th/me/").status_code == 200


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_sign_up_form_offers_the_language_of_the_site_as_the_preferred_one(client, language):
    form = client.get(f"/{language}/accounts/signup/").context["form"]
    assert form["preferred_language"].value() == language


def test_sign_up_from_a_course_page_returns_to_it(client):
    course_page = "/th/courses/human-centred-service-design/"
    page = client.get(f"/th/accounts/login/?next={course_page}").content.decode()
    assert f'href="/th/accounts/signup/?next={course_page}"' in page

    response = client.post(f"/th/accounts/signup/?next={course_page}", signup_data())

    assert response["Location"] == course_page


def test_sign_up_does_not_send_people_to_another_site(client):
    response = client.post("/th/accounts/signup/", signup_data(next="https://evil.example/"))
    assert response["Location"] == "/th/me/"


def test_sign_up_without_consent_is_refused_and_saves_nothing(client):
    response = client.post("/th/accounts/signup/", signup_data(accept_privacy_notice=""))
    assert response.status_code == 200
    assert User.objects.count() == 0


def test_sign_up_with_an_address_already_in_use_is_refused(client):
    make_learner(email="somying.k@land.go.th")
    response = client.post("/en/accounts/signup/", signup_data())
    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in response.content.decode()
    assert User.objects.count() == 1


def test_log_in_with_username_or_with_email(client):
    make_learner(username="somchai", email="somchai@dol.go.th", password="pass-word-2569")
    assert (
        client.post(
            "/th/accounts/login/", {"username": "somchai", "password": "pass-word-2569"}
        ).status_code
        == 302
    )
    client.logout()
    response = client.post(
        "/th/accounts/login/", {"username": "SOMCHAI@dol.go.th", "password": "pass-word-2569"}
    )
    assert response.status_code == 302


def test_a_wrong_password_does_not_log_in(client):
    make_learner(username="somchai", password="pass-word-2569")
    response = client.post("/th/accounts/login/", {"username": "somchai", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # One Thai sentence naming what the page asked for, not Django's "กรุณาใส่ ชื่อผู้ใช้ และ...".
    html = response.content.decode()
    assert "ชื่อผู้ใช้หรืออีเมลกับรหัสผ่านไม่ตรงกัน" in html
    assert "กรุณาใส่ ชื่อผู้ใช้ และ" not in html
    english = client.post("/en/accounts/login/", {"username": "somchai", "password": "nope"})
    assert "The username or e-mail and password did not match." in english.content.decode()


def test_password_reset_mails_a_working_link(client, django_capture_on_commit_callbacks):
    make_learner(email="somchai@dol.go.th", password="old-pass-2569")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password-reset/", {"email": "somchai@dol.go.th"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "brand-new-2569-pass", "new_password2": "brand-new-2569-pass"}
    )
    assert response.status_code == 302
    assert client.login(username="somchai@dol.go.th", password="brand-new-2569-pass")


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password-reset/", {"email": "nobody@nowhere.go.th"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_requires_log_in(client):
    response = client.get("/th/accounts/profile/")
    assert response.status_code == 302
    assert "/th/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["First name (English)", "Last name (English)", "Title (English)"]),
        ("th", ["ชื่อ (ภาษาอังกฤษ)", "นามสกุล (ภาษาอังกฤษ)"]),
    ],
)
def test_the_profile_forms_labels_start_with_a_capital(client, language, labels):
    client.force_login(make_learner())

    html = client.get(f"/{language}/accounts/profile/").content.decode()

    for label in labels:
        assert f">{label}:</label>" in html


def test_a_learner_edits_only_their_own_profile(client):
    alice = make_learner()
    bob = make_learner(first_name_th="บ๊อบ")
    client.force_login(alice)
    response = client.post(
        "/th/accounts/profile/",
        {
            "email": alice.email,
            "first_name_th": "อลิส",
            "last_name_th": "ใจงาม",
            "first_name": "Alice",
            "last_name": "Jai-ngam",
            "agency_other": "สำนักงานทดสอบระบบ",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.first_name_th == "อลิส"
    assert alice.preferred_language == "en"
    assert bob.first_name_th == "บ๊อบ"


def test_roles_exist_after_migration():
    from django.contrib.auth.models import Group

    assert set(Role.ALL) <= set(Group.objects.values_list("name", flat=True))


def test_the_thai_sign_up_page_gives_the_password_rules_in_thai(client):
    client.get("/en/accounts/signup/")  # an English page first must not leave English behind

    html = client.get("/th/accounts/signup/").content.decode()

    assert "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร" in html
    assert "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด" in html
    assert "กรอกรหัสผ่านเดียวกับช่องด้านบนอีกครั้งเพื่อยืนยัน" in html
    assert "รหัสผ่านเดิม" not in html  # "the old password": not what the box asks for
    for english in ("Your password", "commonly used", "entirely numeric", "for verification"):
        assert english not in html


def test_the_english_sign_up_page_keeps_the_english_rules(client):
    client.get("/th/accounts/signup/")
    html = client.get("/en/accounts/signup/").content.decode()
    assert "Your password must contain at least 8 characters." in html
    assert "รหัสผ่าน" not in html


def test_password_mistakes_are_explained_in_thai_and_save_nothing(client):
    data = signup_data()
    mismatch = client.post(
        "/th/accounts/signup/", {**data, "password2": "another-long-passphrase-2569"}
    ).content.decode()
    numeric = client.post(
        "/th/accounts/signup/", {**data, "password1": "58213907", "password2": "58213907"}
    ).content.decode()

    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in mismatch
    assert "didn’t match" not in mismatch
    assert "รหัสผ่านนี้เป็นตัวเลขทั้งหมด" in numeric
    assert "entirely numeric" not in numeric
    assert User.objects.count() == 0


def test_a_right_to_left_override_typed_into_a_name_is_not_kept(client):
    learner = make_learner(first_name_th="\u202eสมชาย", last_name_th="ใจดี\u202c")
    learner.refresh_from_db()
    assert learner.first_name_th == "สมชาย"
    assert learner.last_name_th == "ใจดี"
    assert "\u202e" not in learner.display_name


def test_the_admins_own_password_reset_is_off_and_its_log_in_links_to_the_sites(client):
    from django.core import mail as outbox

    make_learner(email="opdc.staff@opdc.go.th")
    for _attempt in range(3):
        response = client.post("/admin/password_reset/", {"email": "opdc.staff@opdc.go.th"})
        assert response.status_code == 404
    assert outbox.outbox == []
    html = client.get("/admin/login/").content.decode()
    assert 'href="/th/accounts/password-reset/"' in html


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("first_name_th", "Somchai", "กรุณากรอกเป็นอักษรไทย"),
        ("last_name_th", "ใจดี Jaidee", "กรุณากรอกเป็นอักษรไทย"),
        ("first_name", "สมชาย", "กรุณากรอกเป็นอักษรละติน"),
        ("last_name", "Klahan2", "กรุณากรอกเป็นอักษรละติน"),
        ("phone", "abc", "หมายเลขโทรศัพท์"),
        ("phone", "12345", "หมายเลขโทรศัพท์"),
    ],
)
def test_sign_up_refuses_a_name_in_the_wrong_script_or_a_phone_that_is_not_one(
    client, field, typed, error
):
    response = client.post("/th/accounts/signup/", signup_data(**{field: typed}))

    assert response.status_code == 200
    assert error in str(response.context["form"].errors[field])
    assert error in response.content.decode()
    assert User.objects.count() == 0


def test_sign_up_explains_a_wrong_script_in_english_on_the_english_site(client):
    response = client.post("/en/accounts/signup/", signup_data(first_name_th="Somchai"))

    assert "Type this name in Thai script" in response.content.decode()
    assert User.objects.count() == 0


def test_sign_up_accepts_names_and_phones_as_people_really_write_them(client):
    response = client.post(
        "/th/accounts/signup/",
        signup_data(
            first_name_th="ม.ร.ว. สุขุม",
            last_name_th="ณ อยุธยา-ศรีสุข",
            first_name="José-Anne",
            last_name="O’Brien Ng.",
            phone="+66 ๘๑-๒๓๔-๕๖๗๘",
        ),
    )

    assert response.status_code == 302
    user = User.objects.get()
    assert user.full_name_en == "Ms José-Anne O’Brien Ng."
    assert user.phone == "+66 ๘๑-๒๓๔-๕๖๗๘"


def test_the_profile_form_refuses_a_name_in_the_wrong_script(client):
    alice = make_learner(first_name_th="อลิส")
    client.force_login(alice)
    response = client.post(
        "/th/accounts/profile/",
        {
            "email": alice.email,
            "first_name_th": "Alice",
            "last_name_th": "ใจงาม",
            "first_name": "อลิส",
            "last_name": "Jai-ngam",
            "phone": "abc",
            "agency_other": "สำนักงานทดสอบระบบ",
            "preferred_language": "th",
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"first_name_th", "first_name", "phone"}
    alice.refresh_from_db()
    assert alice.first_name_th == "อลิส"


def test_the_english_sign_up_lists_provinces_and_agencies_in_english_order(client):
    html = client.get("/en/accounts/signup/").content.decode()

    def options(name):
        select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        return [label for label in re.findall(r"<option[^>]*>([^<]+)</option>", select)]

    provinces = [label for label in options("province") if not label.startswith("-")]
    assert len(provinces) == 77
    assert provinces == sorted(provinces, key=str.casefold)
    assert provinces[:2] == ["Amnat Charoen", "Ang Thong"]


def test_a_person_whose_agency_is_not_listed_types_it(client):
    page = client.get("/th/accounts/signup/").content.decode()
    assert "ไม่มีในรายการ (กรอกด้านล่าง)" in page

    response = client.post(
        "/th/accounts/signup/",
        signup_data(agency="", agency_other="  สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น "),
    )

    assert response.status_code == 302
    user = User.objects.get()
    assert user.agency is None
    assert user.agency_other == "สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น"


@pytest.mark.parametrize("language", ["th", "en"])
def test_not_in_the_list_with_no_agency_typed_is_refused_at_sign_up(client, language):
    response = client.post(
        f"/{language}/accounts/signup/", signup_data(agency="", agency_other="   ")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["agency_other"]
    with translation.override(language):
        message = gettext(
            "Your agency is not in the list: type its full name here, or choose it from the "
            "list above."
        )
    assert escape(message) in response.content.decode()
    assert User.objects.count() == 0


def test_the_profile_form_also_asks_for_an_agency_not_in_the_list(client):
    alice = make_learner(agency_other="สำนักงานเดิม")
    client.force_login(alice)

    response = client.post(
        "/th/accounts/profile/",
        {
            "email": alice.email,
            "first_name_th": "อลิส",
            "last_name_th": "ใจงาม",
            "first_name": "Alice",
            "last_name": "Jai-ngam",
            "agency": "",
            "agency_other": "",
            "preferred_language": "th",
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["agency_other"]
    alice.refresh_from_db()
    assert alice.agency_other == "สำนักงานเดิม"


def test_an_agency_chosen_and_typed_is_refused(client):
    response = client.post("/en/accounts/signup/", signup_data(agency_other="Some office"))
    assert response.status_code == 200
    assert "Choose your agency from the list or type it here, not both." in (
        response.content.decode()
    )
    assert User.objects.count() == 0
