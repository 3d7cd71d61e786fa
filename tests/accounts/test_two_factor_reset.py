"""Resetting a person's second factor in the admin (a lost phone): OPDC staff give a reason and
confirm; the devices are gone, the old session is verified no more, the person sets up a new
authenticator app at their next admin log-in, is told by e-mail in their language, and the
reset is in Wagtail's audit log. A trainer may not, OPDC staff may not reset a superuser's,
nobody their own, and each refusal changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from accounts.models import User
from tests.accounts.two_factor import login_with_two_factor
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db

REASON = "Lost her phone; identity checked by a video call with her director"


def _url(person):
    return reverse("accounts_admin_two_factor_reset", args=[person.pk])


def _enrolled(person):
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    StaticDevice.objects.create(user=person, name="backup", confirmed=True)
    return person


def _devices(person) -> int:
    return (
        TOTPDevice.objects.filter(user=person).count()
        + StaticDevice.objects.filter(user=person).count()
    )


def test_staff_reset_a_trainers_second_factor_after_a_reason_and_a_confirmation(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = _enrolled(make_trainer(preferred_language="th"))
    staff = make_opdc_staff()
    client.force_login(staff)

    listing = client.get(reverse("accounts_admin_two_factor")).content.decode()
    assert _url(trainer) in listing
    no_reason = client.post(_url(trainer), {"reason": "   "})
    with translation.override("th"):
        assert gettext("Say why the second factor is reset.") in no_reason.content.decode()
        confirm = client.post(_url(trainer), {"reason": REASON})
        assert gettext("Please confirm") in confirm.content.decode()
    assert _devices(trainer) == 2
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_url(trainer), {"reason": REASON, "confirmed": "True"})

    assert done.status_code == 302
    assert _devices(trainer) == 0
    entry = ModelLogEntry.objects.get(action="accounts.two_factor_reset")
    assert (entry.user, entry.object_id, entry.data["reason"]) == (staff, str(trainer.pk), REASON)
    assert [m.to for m in mailoutbox] == [[trainer.email]]
    assert mailoutbox[0].subject == "การยืนยันตัวตนสองขั้นตอนของท่านถูกรีเซ็ตแล้ว"
    assert REASON in mailoutbox[0].body
    assert str(entry.timestamp.astimezone().year + 543) in mailoutbox[0].body


def test_the_email_is_in_english_for_a_person_who_reads_english(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = _enrolled(make_trainer(preferred_language="en"))
    client.force_login(make_opdc_staff())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(trainer), {"reason": REASON, "confirmed": "True"})

    assert mailoutbox[0].subject == "Your two-factor authentication was reset"


def test_the_person_must_enrol_a_new_factor_and_their_verified_session_is_verified_no_more(
    client, settings
):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True
    trainer = make_trainer()
    trainer_client = Client()
    login_with_two_factor(trainer_client, trainer)
    assert trainer_client.get("/admin/").status_code == 200
    staff = make_opdc_staff()
    login_with_two_factor(client, staff)

    client.post(_url(trainer), {"reason": REASON, "confirmed": "True"})

    again = trainer_client.get("/admin/")
    assert again.status_code == 302
    assert again["Location"].startswith(reverse("accounts:two_factor_setup"))
    fresh = Client()
    fresh.force_login(trainer)
    assert fresh.get("/admin/")["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_a_trainer_is_refused_and_nothing_changes(client):
    other = _enrolled(make_trainer())
    client.force_login(make_trainer())

    listing = client.get(reverse("accounts_admin_two_factor"))
    response = client.post(_url(other), {"reason": REASON, "confirmed": "True"})

    assert listing["Location"] == response["Location"] == "/admin/"
    assert _devices(other) == 2
    assert not ModelLogEntry.objects.filter(action="accounts.two_factor_reset").exists()


def test_a_learner_and_a_visitor_are_sent_to_the_log_in(client):
    other = _enrolled(make_trainer())
    assert client.post(_url(other), {"reason": REASON, "confirmed": "True"})["Location"].startswith(
        "/admin/login/"
    )
    client.force_login(make_learner())
    assert client.post(_url(other), {"reason": REASON, "confirmed": "True"})["Location"].startswith(
        "/admin/login/"
    )
    assert _devices(other) == 2


def test_staff_may_not_reset_a_superusers_or_their_own_but_a_superuser_may(client):
    root = _enrolled(User.objects.create_superuser("root", "root@opdc.go.th", "pw-2569-root"))
    staff = _enrolled(make_opdc_staff())
    client.force_login(staff)

    assert client.post(_url(root), {"reason": REASON, "confirmed": "True"})["Location"] == "/admin/"
    assert (
        client.post(_url(staff), {"reason": REASON, "confirmed": "True"})["Location"] == "/admin/"
    )
    assert _url(root) not in client.get(reverse("accounts_admin_two_factor")).content.decode()
    assert _devices(root) == _devices(staff) == 2

    client.force_login(root)
    client.post(_url(staff), {"reason": REASON, "confirmed": "True"})
    assert _devices(staff) == 0


def test_a_person_without_a_second_factor_has_nothing_to_reset(client, mailoutbox):
    trainer = make_trainer()
    client.force_login(make_opdc_staff())

    response = client.post(_url(trainer), {"reason": REASON, "confirmed": "True"})

    assert response.status_code == 200
    assert 'name="reason"' not in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="accounts.two_factor_reset").exists()
    assert not mailoutbox
