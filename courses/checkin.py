"""QR and typed-code check-in to a session.

The trainer's screen shows a QR code that changes every 10 seconds; each QR holds a token
signed for one session that is accepted for 30 seconds, so a photo of the screen sent to a
friend at home is useless a moment later. The same screen shows a 6-character code for
people whose camera will not scan; it rotates with the QR and is accepted for the same time.

Every valid scan is *held* in the scanning browser's session at the moment of the scan (Django
keeps session data through log-in), so what happens between the scan and the button does not
turn it into "expired": a slow log-in on a phone, or switching the confirmation page to the other
language (which reloads it). The held scan is good for `SCAN_HOLD_SECONDS`, for that link and
session only, until the learner is checked in; the learner counts as arriving when they scanned.
"""

import datetime
import time

import qrcode
import qrcode.image.svg
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from courses import completion
from courses.models import _CODE_ALPHABET, Attendance, Enrollment, Session

ROTATE_SECONDS = 10
VALID_SECONDS = 30
# After a valid scan the learner confirms with a button; that step is bound to the learner.
CONFIRM_SECONDS = 120
# A scan made before logging in stays usable this long (typing a password on a phone, or
# resetting it); it is bound to the scanning browser's session and used once.
SCAN_HOLD_SECONDS = 10 * 60
_HELD_SCAN_KEY = "courses.checkin.held_scan"
# Check-in opens this long before a session starts.
OPENS_BEFORE = datetime.timedelta(minutes=30)
CODE_LENGTH = 6
# Guessing a typed code: a person gets a few tries a minute. A whole class often shares one
# venue Wi-Fi address, so the per-address cap is far higher (it stops a script, not a class).
TYPED_CODE_RATE_PER_USER = "5/m"
TYPED_CODE_RATE_PER_IP = "100/m"

_qr_signer = signing.TimestampSigner(salt="courses.checkin.qr")
_confirm_signer = signing.TimestampSigner(salt="courses.checkin.confirm")


class CheckInRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def qr_token(session: Session) -> str:
    return _qr_signer.sign(session.code)


def session_for_qr_token(token: str) -> Session:
    """The session a scanned token belongs to, or `CheckInRefused` if expired or forged."""
    try:
        code = _qr_signer.unsign(token, max_age=VALID_SECONDS)
    except signing.SignatureExpired:
        raise CheckInRefused(
            _("This QR code has expired. Please scan the code on the screen again.")
        ) from None
    except signing.BadSignature:
        raise CheckInRefused(_("This check-in code is not valid.")) from None
    session = Session.objects.select_related("cohort").filter(code=code).first()
    if session is None:
        raise CheckInRefused(_("This check-in code is not valid."))
    return session


def earlier_check_in(learner, token: str) -> Attendance | None:
    """The learner's check-in to the session of a genuine QR link of any age, if they have
    checked in already: opening the link again shows it rather than a button or "expired"."""
    try:
        code = _qr_signer.unsign(token)
    except signing.BadSignature:
        return None
    return (
        Attendance.objects.select_related("session__cohort__course", "enrollment__learner")
        .filter(session__code=code, enrollment__learner=learner)
        .exclude(status=Attendance.Status.ABSENT)
        .first()
    )


def hold_scan(store, token: str, session: Session, now=None) -> None:
    """Remember in the browser's session (`request.session`) a scan that is valid now."""
    now = now or timezone.now()
    store[_HELD_SCAN_KEY] = {"token": token, "session": session.code, "at": now.timestamp()}


def _held_scan(store, token: str, now) -> tuple[Session, datetime.datetime] | None:
    """The held scan of this very link; None if there is none or it is older than the hold
    time."""
    held = store.get(_HELD_SCAN_KEY)
    if not isinstance(held, dict) or not constant_time_compare(str(held.get("token")), token):
        return None
    try:
        scanned_at = datetime.datetime.fromtimestamp(float(held["at"]), tz=datetime.UTC)
    except (KeyError, TypeError, ValueError):
        return None
    if not (
        datetime.timedelta(0) <= now - scanned_at <= datetime.timedelta(seconds=SCAN_HOLD_SECONDS)
    ):
        return None
    session = Session.objects.select_related("cohort").filter(code=held.get("session")).first()
    return (session, scanned_at) if session else None


def forget_scan(store) -> None:
    """The learner is checked in: the held scan is used up."""
    store.pop(_HELD_SCAN_KEY, None)


def session_for_scan(store, token: str, now=None) -> tuple[Session, datetime.datetime]:
    """The session of a scanned link and when it was scanned: the scan held for this browser
    (before its log-in, or on an earlier showing of the confirmation page), else the token
    itself, which must still be fresh and is then held from now."""
    now = now or timezone.now()
    held = _held_scan(store, token, now)
    if held is not None:
        return held
    session = session_for_qr_token(token)
    hold_scan(store, token, session, now)
    return session, now


def confirmation_token(session: Session, learner, scanned_at=None) -> str:
    scanned_at = scanned_at or timezone.now()
    return _confirm_signer.sign(f"{session.code}:{learner.pk}:{int(scanned_at.timestamp())}")


def session_for_confirmation(token: str, learner) -> tuple[Session, datetime.datetime | None]:
    """The session a learner confirmed after a valid scan, and when they scanned; bound to that
    learner."""
    try:
        value = _confirm_signer.unsign(token, max_age=CONFIRM_SECONDS)
    except signing.SignatureExpired:
        raise CheckInRefused(
            _("This check-in page has expired. Please scan the code on the screen again.")
        ) from None
    except signing.BadSignature:
        raise CheckInRefused(_("This check-in code is not valid.")) from None
    code, learner_pk, *rest = value.split(":")
    session = Session.objects.select_related("cohort").filter(code=code).first()
    if session is None or not constant_time_compare(learner_pk, str(learner.pk)):
        raise CheckInRefused(_("This check-in code is not valid."))
    scanned_at = datetime.datetime.fromtimestamp(int(rest[0]), tz=datetime.UTC) if rest else None
    return session, scanned_at


def _step(now: float) -> int:
    return int(now // ROTATE_SECONDS)


def typed_code(session: Session, now: float | None = None) -> str:
    """The 6-character code shown beside the QR for the current 10-second step."""
    step = _step(time.time() if now is None else now)
    digest = salted_hmac(
        "courses.checkin.typed", f"{session.code}:{step}", algorithm="sha256"
    ).digest()
    return "".join(_CODE_ALPHABET[byte % len(_CODE_ALPHABET)] for byte in digest[:CODE_LENGTH])


def typed_code_matches(session: Session, code: str, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    code = code.strip().upper()
    steps = VALID_SECONDS // ROTATE_SECONDS
    return any(
        constant_time_compare(code, typed_code(session, now - back * ROTATE_SECONDS))
        for back in range(steps)
    )


def session_for_typed_code(learner, code: str, now: datetime.datetime | None = None) -> Session:
    """Find which of the learner's sessions open now the typed code belongs to."""
    typed = len(code.strip())
    if typed != CODE_LENGTH:
        # Not a code at all: say how long one is, rather than "does not match".
        raise CheckInRefused(
            _(
                "A check-in code has %(length)d characters, the letters and digits shown "
                "under the QR code; you typed %(typed)d. Please type the code again."
            )
            % {"length": CODE_LENGTH, "typed": typed}
        )
    now = now or timezone.now()
    sessions = Session.objects.select_related("cohort").filter(
        cohort__enrollments__learner=learner,
        cohort__enrollments__status__in=Enrollment.SEATED,
        starts_at__lte=now + OPENS_BEFORE,
        ends_at__gte=now,
    )
    for session in sessions:
        if typed_code_matches(session, code, now.timestamp()):
            return session
    raise CheckInRefused(
        _("This code does not match a session you can check in to now. Please check the screen.")
    )


def qr_svg(url: str) -> str:
    code = qrcode.QRCode(box_size=10, border=2)
    code.add_data(url)
    return code.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(
        encoding="unicode"
    )


def seated_enrollment(learner, session: Session) -> Enrollment | None:
    """The learner's seat in the session's cohort, if they hold one."""
    return Enrollment.objects.filter(
        learner=learner, cohort=session.cohort_id, status__in=Enrollment.SEATED
    ).first()


def check_in(learner, session: Session, method: str, now=None) -> Attendance:
    """Record the learner as present (late after the grace period). A second check-in
    returns the first record unchanged."""
    now = now or timezone.now()
    enrollment = seated_enrollment(learner, session)
    if enrollment is None:
        raise CheckInRefused(_("You are not enrolled in the cohort of this session."))
    if not (session.starts_at - OPENS_BEFORE <= now <= session.ends_at):
        raise CheckInRefused(_("Check-in for this session is not open now."))
    status = Attendance.Status.LATE if session.is_late(now) else Attendance.Status.PRESENT
    existing = Attendance.objects.filter(session=session, enrollment=enrollment).first()
    if existing and existing.status != Attendance.Status.ABSENT:
        return existing
    attendance = existing or Attendance(session=session, enrollment=enrollment)
    attendance.status = status
    attendance.method = method
    attendance.recorded_by = learner
    attendance._history_user = learner  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError:
        # Two scans at the same moment: the first one counts.
        return Attendance.objects.get(session=session, enrollment=enrollment)
    # This mark may be the one that meets the cohort's completion rule.
    completion.update_completion(enrollment, by=learner)
    return attendance
