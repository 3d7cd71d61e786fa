import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from certificates import issuing
from tests.certificates.factories import make_enrollment
from tests.factories import make_learner

pytestmark = pytest.mark.django_db

_TEMPLATE = Template("{% load certificate_tags %}{% my_certificates %}")


def _render(user, language="th"):
    request = RequestFactory().get("/")
    request.user = user
    with translation.override(language):
        return _TEMPLATE.render(Context({"request": request}))


def _issue(enrollment, on=datetime.datetime(2020, 2, 21, 10, 0)):
    certificate = issuing.issue_certificate(enrollment)
    certificate.issued_at = timezone.make_aware(on)
    certificate.save(update_fields=["issued_at"])
    return certificate


def test_it_lists_the_learners_certificate_with_a_buddhist_era_date_and_both_links():
    certificate = _issue(make_enrollment())

    html = _render(certificate.enrollment.learner)

    assert certificate.course_title_th in html
    assert "21 กุมภาพันธ์ 2563" in html
    with translation.override("th"):
        assert gettext("Valid") in html
    assert f'href="/verify/{certificate.serial}/file/"' in html
    assert f'href="/verify/{certificate.serial}/"' in html


def test_in_english_it_shows_the_gregorian_date():
    certificate = _issue(make_enrollment())

    html = _render(certificate.enrollment.learner, language="en")

    assert "21 February 2020" in html
    assert "Valid" in html


def test_a_revoked_certificate_has_no_download_link_and_a_superseded_one_is_replaced():
    revoked = _issue(make_enrollment())
    issuing.revoke(revoked, "ออกผิดคน")
    learner = revoked.enrollment.learner
    old = _issue(make_enrollment(learner=learner))
    new = issuing.reissue(old)

    html = _render(learner)

    with translation.override("th"):
        assert gettext("Revoked") in html
    assert f"/verify/{revoked.serial}/file/" not in html
    assert f'href="/verify/{revoked.serial}/"' in html
    assert old.serial not in html
    assert f"/verify/{new.serial}/file/" in html


def test_it_shows_only_the_learners_own_certificates():
    mine = _issue(make_enrollment())
    other = _issue(make_enrollment(learner=make_learner()))

    html = _render(mine.enrollment.learner)

    assert mine.serial in html
    assert other.serial not in html


def test_a_learner_without_certificates_is_told_how_to_earn_one():
    html = _render(make_learner())

    with translation.override("th"):
        expected = gettext(
            "You have no certificates yet. A certificate is issued when you complete a course."
        )
    assert expected in html


def test_my_learning_shows_the_certificates(client):
    certificate = _issue(make_enrollment())
    client.force_login(certificate.enrollment.learner)

    response = client.get(reverse("my_learning"))

    assert response.status_code == 200
    assert f"/verify/{certificate.serial}/file/" in response.content.decode()


def test_the_list_costs_one_query_however_many_certificates(django_assert_num_queries):
    learner = make_learner()
    for _ in range(3):
        _issue(make_enrollment(learner=learner))

    with django_assert_num_queries(1):
        html = _render(learner)

    assert html.count("/file/") == 3
