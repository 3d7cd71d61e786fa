"""Provinces and agencies are listed as a Thai reader looks names up (dictionary order), on
the site and in the admin's choosers, and alphabetically on English pages."""

import pytest

from cms.models import Province
from tests.factories import make_case_study, make_english

pytestmark = pytest.mark.django_db

NORTH = ["Chiang Mai", "Tak", "Mae Hong Son", "Chon Buri", "Lamphun"]


def test_the_seeded_provinces_are_in_thai_dictionary_order():
    names = list(Province.objects.values_list("name_th", flat=True))
    assert len(names) == 77
    # เชียงใหม่ comes under ช, right after ชลบุรี and ชัยภูมิ, not among the เ- words at the end.
    assert names.index("ชลบุรี") < names.index("เชียงใหม่") < names.index("ตาก")
    assert names.index("แม่ฮ่องสอน") < names.index("ลำพูน")


def test_a_renamed_province_moves_to_its_new_place():
    province = Province.objects.get(name_en="Tak")
    province.name_th = "เกาะตาก"
    province.save(update_fields=["name_th"])
    names = list(Province.objects.values_list("name_th", flat=True))
    assert names.index("เกาะตาก") < names.index("ขอนแก่น")


def test_a_case_study_lists_its_provinces_in_the_order_of_its_language(client):
    # Translated after its provinces are chosen, as an editor would: the English copy takes them.
    page = make_case_study(english=None)
    page.provinces = list(Province.objects.filter(name_en__in=NORTH))
    page.save_revision().publish()
    english = make_english(page)

    thai = client.get(page.url).content.decode()
    order = [thai.index(name) for name in ["ชลบุรี", "เชียงใหม่", "ตาก", "แม่ฮ่องสอน", "ลำพูน"]]
    assert order == sorted(order)
    html = client.get(english.url).content.decode()
    order = [html.index(name) for name in sorted(NORTH)]
    assert order == sorted(order)


def test_the_admin_province_chooser_is_in_dictionary_order(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    page = make_case_study()
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    chooser = html.split('name="provinces"')[1]
    order = [chooser.index(f">{name}<") for name in ["ชลบุรี", "เชียงใหม่", "ตาก"]]
    assert order == sorted(order)
