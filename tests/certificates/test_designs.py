"""Certificate designs: OPDC staff add and edit them (not only superusers), and a course page
chooses its design; the issuer uses it, else the default design."""

import io

import pytest
from pypdf import PdfReader
from wagtail.admin.panels import get_edit_handler

from certificates import issuing
from certificates.models import CertificateTemplate
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import (
    make_bilingual_course,
    make_bilingual_home,
    make_learner,
    make_opdc_staff,
    make_trainer,
)

pytestmark = pytest.mark.django_db

EDIT = "/admin/snippets/certificates/certificatetemplate/edit/{pk}/"


@pytest.fixture
def design():
    return CertificateTemplate.get_default()


def _edit_data(design, user, **changes) -> dict:
    """What the design editor posts back unchanged, with `changes`."""
    form_class = get_edit_handler(CertificateTemplate).get_form_class()
    form = form_class(instance=design, for_user=user)
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not False}


def _post_title(client, design, user):
    return client.post(EDIT.format(pk=design.pk), _edit_data(design, user, title_th="วุฒิบัตร"))


def _unchanged(design):
    design.refresh_from_db()
    return design.title_th == "เกียรติบัตร"


def test_anonymous_visitors_cannot_edit_a_design(client, design):
    response = _post_title(client, design, make_opdc_staff())

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _unchanged(design)


def test_a_learner_cannot_edit_a_design(client, design):
    learner = make_learner()
    client.force_login(learner)

    response = _post_title(client, design, learner)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _unchanged(design)


def test_a_trainer_cannot_edit_a_design(client, design):
    trainer = make_trainer()
    client.force_login(trainer)

    response = _post_title(client, design, trainer)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert _unchanged(design)


def test_opdc_staff_edit_a_design(client, design):
    staff = make_opdc_staff()
    client.force_login(staff)

    editor = client.get(EDIT.format(pk=design.pk))
    response = _post_title(client, design, staff)

    assert editor.status_code == 200
    assert response.status_code == 302
    design.refresh_from_db()
    assert design.title_th == "วุฒิบัตร"


def test_opdc_staff_can_add_a_design_but_not_delete_one(client, design):
    client.force_login(make_opdc_staff())

    add = client.get("/admin/snippets/certificates/certificatetemplate/add/")
    delete = client.post(f"/admin/snippets/certificates/certificatetemplate/delete/{design.pk}/")

    assert add.status_code == 200
    assert delete.status_code == 302 and delete["Location"] == "/admin/"
    assert CertificateTemplate.objects.filter(pk=design.pk).exists()


def _pdf_text(certificate) -> str:
    with certificate.pdf.open("rb") as file:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(file.read())).pages)


def test_a_course_that_chooses_a_design_gets_its_certificates_in_that_design(design):
    chosen = CertificateTemplate.objects.create(name="วุฒิบัตร", title_th="วุฒิบัตรผู้บริหาร")
    make_bilingual_home()
    course = make_bilingual_course(certificate_design=chosen)
    other_course = make_bilingual_course()

    certificate = issuing.issue_certificate(make_enrollment(cohort=make_cohort(course=course)))
    default = issuing.issue_certificate(
        make_enrollment(cohort=make_cohort(course=other_course), learner=make_learner())
    )

    assert certificate.design == chosen
    assert "วุฒิบัตรผู้บริหาร" in _pdf_text(certificate)
    assert default.design == design
    assert "วุฒิบัตรผู้บริหาร" not in _pdf_text(default)


def test_the_course_editor_offers_the_design_and_the_default_says_where(client, design):
    make_bilingual_home()
    course = make_bilingual_course()
    client.force_login(make_opdc_staff(is_superuser=True))

    course_editor = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    design_editor = client.get(EDIT.format(pk=design.pk)).content.decode()

    assert 'name="certificate_design"' in course_editor
    assert "does not choose another design" not in design_editor


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "logo.png"])
def test_an_image_choice_that_cannot_be_an_id_is_refused_with_a_message(client, design, value):
    """Wagtail's image chooser raised ValueError showing the form again: a 500."""
    staff = make_opdc_staff()
    client.force_login(staff)

    response = client.post(
        EDIT.format(pk=design.pk), _edit_data(design, staff, title_th="วุฒิบัตร", logo1=value)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["logo1"]
    assert _unchanged(design)
