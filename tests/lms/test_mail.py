"""In development the console shows each e-mail as a person reads it, Thai included."""

import datetime
import io

import pytest
import time_machine
from django.core.mail import EmailMultiAlternatives

from lms.mail import ReadableConsoleBackend
from outbox.messages import enqueue_email


def test_the_console_prints_thai_e_mails_decoded_not_as_base64():
    stream = io.StringIO()
    message = EmailMultiAlternatives(
        subject="ยืนยันการสมัครเรียน",
        body="เรียน คุณสมชาย\nท่านได้รับการยืนยันให้เข้าร่วมรุ่นที่ 1 แล้ว",
        from_email="govlab@opdc.go.th",
        to=["somchai@dol.go.th"],
    )
    message.attach_alternative("<p>เรียน คุณสมชาย</p>", "text/html")
    message.attach("ปฏิทิน.ics", "BEGIN:VCALENDAR", "text/calendar")

    ReadableConsoleBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert "Subject: ยืนยันการสมัครเรียน" in printed
    assert "To: somchai@dol.go.th" in printed
    assert "ท่านได้รับการยืนยันให้เข้าร่วมรุ่นที่ 1 แล้ว" in printed
    assert "<p>เรียน คุณสมชาย</p>" in printed
    assert "[attachment: ปฏิทิน.ics (text/calendar)]" in printed
    assert "base64" not in printed


@pytest.mark.django_db
def test_a_sent_e_mail_is_dated_in_bangkok_time(django_capture_on_commit_callbacks, mailoutbox):
    """Thai readers see when it was sent in their own time, not UTC (+0000)."""
    with time_machine.travel(datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_email("แจ้งเตือน", "เรียน คุณสมชาย", "somchai@dol.go.th")
        [sent] = mailoutbox
        date = sent.message()["Date"]

    assert date.endswith("+0700")
    assert " 09:00:" in date
