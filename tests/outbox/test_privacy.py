"""PDPA and the e-mail outbox: the messages we queued for a person are in their export, and
erasure deletes every message to or about them, so an unsent one never goes out."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from courses import completion, notifications
from courses.models import Enrollment
from outbox import messages
from outbox.models import OutboxMessage
from privacy import registry
from privacy.data_requests import Decision, handle
from privacy.models import DataRequest
from tests.courses.helpers import make_cohort, make_session
from tests.factories import make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db

SOMSRI = {
    "email": "somsri.mail@dol.go.th",
    "first_name_th": "สมศรี",
    "last_name_th": "ส่งเมล",
    "first_name": "Somsri",
    "last_name": "Songmail",
    "preferred_language": "en",
}


@pytest.fixture
def mail_world(client, django_capture_on_commit_callbacks, mailoutbox):
    """Somsri enrolled (the confirmation went out); then an at-risk alert to her and to her
    trainer was queued but not sent yet (its on-commit publishers are returned, not run)."""
    trainer = make_trainer(email="trainer.mail@opdc.go.th", preferred_language="en")
    cohort = make_cohort(trainers=[trainer])
    make_session(cohort)
    learner = make_learner(**SOMSRI)
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:enrol", args=[cohort.code]))
    assert [m.to for m in mailoutbox] == [[learner.email]]
    enrollment = Enrollment.objects.get(learner=learner)
    with django_capture_on_commit_callbacks() as unsent_publishers:
        notifications.at_risk(enrollment, completion.progress(enrollment))
    assert len(unsent_publishers) == 2
    client.logout()
    return learner, trainer, unsent_publishers


def _outbox_section(person) -> list[dict]:
    with translation.override("en"):  # the export speaks the active language
        data = registry.export_person(person)
    return next((s["rows"] for s in data["sections"] if s["model"] == "outbox.outboxmessage"), [])


def test_a_learners_export_lists_the_e_mails_to_them_with_subject_status_and_dates(mail_world):
    learner, trainer, _ = mail_world

    rows = _outbox_section(learner)

    assert len(rows) == 2
    assert rows[0]["subject"].startswith("Enrolment confirmed")
    assert rows[1]["subject"].startswith("Your attendance can no longer")
    assert [row["status"] for row in rows] == ["sent", "waiting to be sent"]
    assert rows[0]["created_at"] and rows[0]["delivered_at"]
    assert rows[1]["delivered_at"] is None
    # Only what was sent to her: the trainer's alert about her names the trainer.
    assert trainer.email not in json.dumps(rows)
    assert set(rows[0]) == {"subject", "status", "created_at", "delivered_at"}


def test_the_trainers_export_has_their_alert_but_not_the_learners_own_e_mails(mail_world):
    learner, trainer, _ = mail_world

    rows = _outbox_section(trainer)

    assert len(rows) == 1
    assert rows[0]["subject"].startswith("A learner can no longer")
    assert learner.email not in json.dumps(rows)


def test_the_json_download_includes_the_e_mails(client, mail_world):
    learner, _, _ = mail_world
    client.force_login(learner)

    data = json.loads(client.get("/en/me/data.json").content)

    section = next(s for s in data["sections"] if s["model"] == "outbox.outboxmessage")
    assert len(section["rows"]) == 2


def test_erasure_deletes_every_message_to_or_about_the_person_and_unsent_ones_never_go(
    mail_world, mailoutbox
):
    learner, trainer, unsent_publishers = mail_world
    other = make_learner(email="keep.mail@dol.go.th")
    kept = messages.enqueue_email("Hello", "Dear Malee", other.email, person=other)
    address = learner.email
    request = DataRequest.objects.create(person=learner, kind=DataRequest.Kind.ERASURE)
    mailoutbox.clear()

    handle(request, Decision.ERASE, by=make_opdc_staff())

    # Left: the other person's e-mail, and the outcome of the erasure, to the address captured
    # before it and linked to no account (privacy/notifications.py).
    kept_row, outcome = OutboxMessage.objects.order_by("created_at", "pk")
    assert kept_row.pk == kept.pk
    assert (outcome.recipient, outcome.recipient_user_id) == (address, None)
    # The publishers queued before the erasure, and the relay, find nothing else to send.
    for publish in unsent_publishers:
        publish()
    assert messages.relay(now=outcome.created_at + messages.RELAY_GRACE * 2) == (2, 0)
    assert [m.to for m in mailoutbox] == [[other.email], [address]]
    assert trainer.email not in [m.to[0] for m in mailoutbox]
    # Delivered: no row holds the address or the names any more.
    for message in OutboxMessage.objects.all():
        stored = json.dumps([message.recipient, message.args, message.kwargs], ensure_ascii=False)
        for value in (address, "Somsri", "Songmail", "สมศรี", "ส่งเมล"):
            assert value not in stored


def test_a_password_reset_e_mail_is_recorded_against_the_account(client, mailoutbox):
    learner = make_learner(**SOMSRI)

    client.post(reverse("accounts:password_reset"), {"email": learner.email})

    message = OutboxMessage.objects.get()
    assert message.recipient == learner.email
    assert message.recipient_user == learner
    assert _outbox_section(learner)[0]["status"] == "waiting to be sent"
