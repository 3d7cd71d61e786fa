"""The Wagtail admin's user forms: every profile field is on the page, so saving a user
(changing their groups, say) keeps their Thai names, agency and province; the same name rules
as sign-up apply."""

import re

import pytest
from django.urls import reverse

from cms.models import Agency
from tests.factories import make_learner

pytestmark = pytest.mark.django_db


def _form_values(html: str) -> dict[str, str]:
    """What a browser would send: each named input's value, each select's chosen option."""
    forms = re.findall(r"<form\b.*?</form>", html, re.S)
    form = next(form for form in forms if 'name="email"' in form)
    values: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("submit", "button")):
            continue
        if kind and kind.group(1) in ("checkbox", "radio") and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        values[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = chosen.group(1) if chosen else ""
    return values


@pytest.fixture
def admin(client):
    superuser = make_learner(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    return superuser


def test_saving_a_user_in_the_admin_keeps_their_profile(client, admin):
    agency = Agency.objects.first()
    person = make_learner(
        last_name="Jaidee",
        last_name_th="ใจดี",
        agency=agency,
        position="นักวิชาการที่ดิน",
        phone="02 123 4567",
    )
    edit = reverse("wagtailusers_users:edit", args=[person.pk])

    values = _form_values(client.get(edit).content.decode())
    response = client.post(edit, values)

    assert response.status_code == 302, re.findall(
        r"error-message[^>]*>(.*?)</", response.content.decode(), re.S
    )
    person.refresh_from_db()
    assert person.first_name_th == "สมศรี"
    assert person.agency == agency
    assert person.position == "นักวิชาการที่ดิน"
    assert person.phone == "02 123 4567"


def test_the_admin_refuses_a_thai_name_in_latin_letters(client, admin):
    person = make_learner(last_name="Jaidee", last_name_th="ใจดี")
    edit = reverse("wagtailusers_users:edit", args=[person.pk])
    values = _form_values(client.get(edit).content.decode())
    values["first_name_th"] = "Somsri"

    response = client.post(edit, values)

    assert response.status_code == 200
    assert "อักษรไทย" in response.content.decode()
    person.refresh_from_db()
    assert person.first_name_th == "สมศรี"
