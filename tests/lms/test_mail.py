"""In development the console shows each e-mail as a person reads it, Thai included."""

import io

from django.core.mail import EmailMultiAlternatives

from lms.mail import ReadableConsoleBackend


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
