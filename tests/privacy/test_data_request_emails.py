"""PDPA: the erasure page promises that OPDC "will tell you the outcome by e-mail". The person
is told when they ask and when staff handle the request, in their language; the outcome of an
erasure goes to the address they had before it, which the outbox then forgets."""

import pytest

from outbox.models import OutboxMessage
from privacy.data_requests import Decision, handle
from privacy.models import DataRequest
from tests.factories import make_learner, make_opdc_staff

pytestmark = pytest.mark.django_db

ADDRESS = "somchai.asks@dol.go.th"


def _holding(address: str) -> list[OutboxMessage]:
    """Outbox rows that still hold the address anywhere."""
    return [
        message
        for message in OutboxMessage.objects.all()
        if address in message.recipient.lower() or address in str(message.args).lower()
    ]


def test_asking_for_erasure_sends_an_acknowledgement_in_the_persons_language(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    thai = make_learner(email=ADDRESS, preferred_language="th")
    english = make_learner(email="jane.asks@dol.go.th", preferred_language="en")

    for person in (thai, english):
        client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/th/me/data/erase/").status_code == 302
    # Asking again while the request waits sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/th/me/data/erase/")

    assert [mail.to for mail in mailoutbox] == [[ADDRESS], ["jane.asks@dol.go.th"]]
    th_mail, en_mail = mailoutbox
    assert th_mail.subject.startswith("ได้รับคำขอของท่านแล้ว")
    assert "ภายใน 30 วัน และแจ้งผลให้ท่านทราบทางอีเมล" in th_mail.body
    assert "คุณ" not in th_mail.subject + th_mail.body
    assert en_mail.subject.startswith("We have received your request")
    assert "within 30 days" in en_mail.body


def test_the_erasure_outcome_goes_to_the_address_held_before_and_is_then_forgotten(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    person = make_learner(email=ADDRESS, preferred_language="th")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/th/me/data/erase/")
    request = DataRequest.objects.get(person=person, kind=DataRequest.Kind.ERASURE)
    client.force_login(make_opdc_staff())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/privacy/requests/{request.pk}/handle/",
            {"decision": "erase", "confirmed": "True"},
        )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == ""
    outcome = mailoutbox[-1]
    assert outcome.to == [ADDRESS]
    assert outcome.subject.startswith("ผลการดำเนินการคำขอของท่าน")
    assert "ข้อมูลส่วนบุคคลของท่านถูกลบแล้ว" in outcome.body
    assert "คุณ" not in outcome.subject + outcome.body
    # Delivered: no outbox row keeps the address or the body, nor links to the account.
    assert _holding(ADDRESS) == []
    row = OutboxMessage.objects.get()
    assert row.delivered_at is not None
    assert row.recipient_user_id is None
    assert row.subject == outcome.subject
    assert "ถูกลบแล้ว" not in str(row.args)


def test_an_undelivered_erasure_outcome_keeps_the_address_only_until_it_is_sent(
    django_capture_on_commit_callbacks, mailoutbox
):
    person = make_learner(email=ADDRESS, preferred_language="en")
    request = DataRequest.objects.create(person=person, kind=DataRequest.Kind.ERASURE)

    # Not committed yet: the outbox holds the message, to the address the account no longer has.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        handle(request, Decision.ERASE, by=make_opdc_staff())
    assert [row.recipient for row in OutboxMessage.objects.all()] == [ADDRESS]
    for callback in callbacks:
        callback()

    [mail] = mailoutbox
    assert mail.subject.startswith("The outcome of your request")
    assert "Your personal data has been erased" in mail.body
    assert _holding(ADDRESS) == []


@pytest.mark.parametrize(
    ("decision", "language", "expected"),
    [
        (Decision.REFUSE, "th", "ไม่สามารถดำเนินการตามคำขอของท่านได้"),
        (Decision.REFUSE, "en", "OPDC cannot carry out your request."),
        (Decision.RESTRICT, "th", "จำกัดการใช้งาน"),
        (Decision.RESTRICT, "en", "their use is restricted"),
    ],
)
def test_a_refused_or_restricted_request_is_told_with_its_reason(
    decision, language, expected, django_capture_on_commit_callbacks, mailoutbox
):
    person = make_learner(email=ADDRESS, preferred_language=language)
    request = DataRequest.objects.create(person=person, kind=DataRequest.Kind.ERASURE)

    with django_capture_on_commit_callbacks(execute=True):
        handle(request, decision, by=make_opdc_staff(), reason="ยังอยู่ระหว่างการอบรม")

    [mail] = mailoutbox
    assert mail.to == [ADDRESS]
    assert expected in mail.body
    assert "ยังอยู่ระหว่างการอบรม" in mail.body
    # The account keeps its address: the row is the person's, as any other e-mail to them.
    assert OutboxMessage.objects.to(person).count() == 1


def test_a_refusal_without_a_reason_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    request = DataRequest.objects.create(person=make_learner(), kind=DataRequest.Kind.ERASURE)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError):
        handle(request, Decision.REFUSE, by=make_opdc_staff(), reason="")
    assert mailoutbox == []
    assert not OutboxMessage.objects.exists()
