"""The revoke form shows the reason and its buttons; its hidden confirmation step has no label."""

import re

import pytest

from certificates import issuing
from tests.certificates.factories import make_enrollment
from tests.courses.test_admin_dates import admin_in
from tests.factories import make_opdc_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_hidden_confirmation_field_shows_no_label(client, language):
    certificate = issuing.issue_certificate(make_enrollment())
    admin_in(client, make_opdc_staff(), language)

    page = client.get(f"/admin/certificates/revoke/{certificate.pk}/").text

    form = page[page.index('<form method="post"') : page.index("</form>")]
    labels = [
        re.sub(r"<[^>]+>|\s+", " ", label).strip()
        for label in re.findall(r"<label[^>]*>(.*?)</label>", form, flags=re.S)
    ]
    assert len(labels) == 1  # the reason's, nothing else
    assert "Confirmed" not in form
    assert re.search(r'<input type="hidden" name="confirmed"[^>]*>', form)
    assert 'for="id_confirmed"' not in form
