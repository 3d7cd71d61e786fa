import pytest
from django.urls import reverse

from cms.models import Agency, Ministry, Province
from tests.factories import make_trainer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(role=None, is_superuser=True, is_staff=True))
    return client


def test_agencies_are_listed_with_thai_and_english_names_and_found_by_thai_search(admin_client):
    ministry = Ministry.objects.create(name_th="กระทรวงมหาดไทย", name_en="Ministry of Interior")
    Agency.objects.create(name_th="กรมที่ดิน", name_en="Department of Lands", ministry=ministry)
    Agency.objects.create(name_th="กรมศุลกากร", name_en="Customs Department")
    url = reverse("wagtailsnippets_cms_agency:list")

    html = admin_client.get(url).content.decode()
    assert "กรมที่ดิน" in html and "Department of Lands" in html

    html = admin_client.get(url, {"q": "ที่ดิน"}).content.decode()
    assert "Department of Lands" in html and "Customs Department" not in html

    html = admin_client.get(url, {"ministry": ministry.pk}).content.decode()
    assert "Department of Lands" in html and "Customs Department" not in html


def test_provinces_filter_by_region(admin_client):
    url = reverse("wagtailsnippets_cms_province:list")
    html = admin_client.get(url, {"region": "south"}).content.decode()
    assert "Songkhla" in html and "Chiang Mai" not in html


@pytest.mark.parametrize("name", ["ministry", "agency", "partnerorganisation", "theme", "province"])
def test_every_reference_list_opens_for_an_administrator(admin_client, name):
    assert admin_client.get(reverse(f"wagtailsnippets_cms_{name}:list")).status_code == 200


def test_a_trainer_cannot_edit_reference_data(client):
    client.force_login(make_trainer())
    response = client.get(reverse("wagtailsnippets_cms_province:list"))
    assert response.status_code in (302, 403)
    assert Province.objects.exists()


@pytest.mark.parametrize("ministry", ["ก" * 100, "99999999999999999999999"])
def test_an_agency_whose_ministry_is_not_an_id_is_refused_with_a_message(admin_client, ministry):
    """Wagtail's chooser raised ValueError showing the form again; SQLite overflowed: a 500."""
    response = admin_client.post(
        reverse("wagtailsnippets_cms_agency:add"),
        {"name_th": "กรมใหม่", "name_en": "New Department", "ministry": ministry},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ministry"]
    assert not Agency.objects.filter(name_en="New Department").exists()
