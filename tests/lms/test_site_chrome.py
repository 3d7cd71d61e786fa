"""What every page carries: the site icon, and a header that folds behind a menu button on a
phone (the browser test tests/browser/test_public_site.py clicks it)."""

import pytest

from tests.factories import make_bilingual_home

pytestmark = pytest.mark.django_db


def test_the_address_browsers_ask_for_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302  # not permanent: the static address changes with the file
    assert response["Location"].endswith("img/favicon.ico")


def test_every_page_names_its_icons_and_offers_a_menu_button(client):
    make_bilingual_home()
    html = client.get("/th/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    # The button is hidden until the script shows it: without JavaScript the menu stays open.
    assert (
        '<button type="button" class="menu-toggle" aria-controls="site-menu" aria-expanded="false" hidden>เมนู</button>'
        in html
    )
    assert 'id="site-menu"' in html


def test_the_admin_loads_no_avatar_from_an_outside_service(client):
    from tests.factories import make_opdc_staff

    client.force_login(make_opdc_staff())
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html


def test_my_learning_greets_a_learner_by_title_without_doubling_it(client):
    from tests.factories import make_learner

    make_bilingual_home()
    learner = make_learner(title_th="นางสาว", first_name_th="สมหญิง", last_name_th="ใจดี")
    client.force_login(learner)
    html = client.get("/th/me/").content.decode()
    assert "ยินดีต้อนรับ นางสาวสมหญิง ใจดี" in html
    assert "คุณนางสาว" not in html


def test_every_page_links_to_the_certificate_check_from_its_footer(client):
    make_bilingual_home()
    html = client.get("/th/").content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    assert '<a href="/verify/">ตรวจสอบเกียรติบัตร</a>' in footer
