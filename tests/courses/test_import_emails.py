"""Imported learners are e-mailed in their language that they are enrolled, when the sessions
start and how to log in (new accounts: a link to set a password), once each, after the import
has committed, through the outbox."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone

from accounts.models import User
from cms.reference import Agency
from courses import notifications
from courses.importing import import_participants
from courses.models import Enrollment
from outbox.models import OutboxMessage
from tests.courses.helpers import make_cohort, make_session
from tests.courses.test_import_participants import ROW, _rows
from tests.courses.workbooks import csv_file as _csv
from tests.factories import make_bilingual_course, make_learner, make_trainer

pytestmark = pytest.mark.django_db
FIRST_SESSION = timezone.make_aware(datetime.datetime(2027, 1, 16, 9, 0))


@pytest.fixture(autouse=True)
def reference_data():
    Agency.objects.get_or_create(
        name_en="Office of the Public Sector", defaults={"name_th": "สำนักงาน ก.พ.ร."}
    )


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def cohort(trainer):
    course = make_bilingual_course(en_title="Public Service Design", title="การออกแบบบริการ")
    cohort = make_cohort(
        title="รุ่นที่ 3",
        title_en="Cohort 3",
        course=course,
        start_date=FIRST_SESSION.date(),
        end_date=FIRST_SESSION.date() + datetime.timedelta(days=1),
        trainers=[trainer],
    )
    make_session(cohort, starts_at=FIRST_SESSION + datetime.timedelta(days=1))
    make_session(cohort, starts_at=FIRST_SESSION)
    return cohort


def _import(cohort, trainer, rows, capture):
    with capture(execute=True):
        return import_participants(_csv(rows), cohort, by=trainer)


def test_a_new_account_gets_a_thai_e_mail_with_the_first_session_and_a_set_password_link(
    cohort, trainer, client, django_capture_on_commit_callbacks, mailoutbox
):
    report = _import(cohort, trainer, _rows({}), django_capture_on_commit_callbacks)

    assert report.saved and report.created_accounts == 1
    [mail] = mailoutbox
    assert mail.to == [ROW["email"]]
    assert mail.subject == "ท่านได้รับการลงทะเบียนแล้ว: การออกแบบบริการ (รุ่นที่ 3)"
    assert "สมชาย ใจดี" in mail.body
    assert "เริ่มครั้งแรก 16 มกราคม 2570 เวลา 09:00\u00a0น." in mail.body
    link = re.search(r"http\S+/th/accounts/password-reset/(\S+)/(\S+)/", mail.body)
    assert link, mail.body
    person = User.objects.get(email=ROW["email"])
    assert default_token_generator.check_token(person, link.group(2))
    assert "/th/accounts/password-reset/\n" in mail.body + "\n"  # a new link, if it expired
    # The link opens the "choose a password" form.
    response = client.get(link.group(0).removeprefix(settings.PUBLIC_BASE_URL), follow=True)
    assert response.status_code == 200 and b'name="new_password1"' in response.content


def test_an_existing_english_account_is_told_in_english_to_log_in(
    cohort, trainer, django_capture_on_commit_callbacks, mailoutbox
):
    make_learner(email=ROW["email"], preferred_language="en")

    _import(cohort, trainer, _rows({}), django_capture_on_commit_callbacks)

    [mail] = mailoutbox
    assert mail.subject == "You are enrolled: Public Service Design (Cohort 3)"
    assert "First session: 16 January 2027, 09:00" in mail.body
    assert "/en/accounts/login/" in mail.body
    assert "password-reset" not in mail.body


def test_people_already_enrolled_and_failed_imports_get_no_e_mail(
    cohort, trainer, django_capture_on_commit_callbacks, mailoutbox
):
    seated = make_learner(email="person0@agency.go.th")
    Enrollment.objects.create(learner=seated, cohort=cohort, status="enrolled")

    _import(cohort, trainer, _rows(count=2), django_capture_on_commit_callbacks)
    assert [mail.to for mail in mailoutbox] == [["person1@agency.go.th"]]

    bad = _rows({"email": "new@agency.go.th"}, {"email": "not an address"})
    report = _import(cohort, trainer, bad, django_capture_on_commit_callbacks)
    assert not report.saved
    assert len(mailoutbox) == 1
    assert not OutboxMessage.objects.filter(recipient="new@agency.go.th").exists()


def test_nothing_leaves_before_the_import_commits(
    cohort, trainer, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_participants(_csv(_rows(count=3)), cohort, by=trainer)
    assert mailoutbox == []
    assert len(callbacks) == 1  # one job writes the three e-mails


def test_big_imports_write_their_e_mails_in_jobs_each_sent_once(
    cohort, trainer, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    monkeypatch.setattr(notifications, "IMPORT_EMAILS_PER_JOB", 2)

    _import(cohort, trainer, _rows(count=5), django_capture_on_commit_callbacks)

    jobs = OutboxMessage.objects.filter(task="courses.tasks.send_import_emails")
    assert jobs.count() == 3
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        f"person{i}@agency.go.th" for i in range(5)
    ]
    # A job delivered again (at-least-once) writes no second e-mail.
    job = jobs.first()
    assert notifications.send_import_emails(job.args[0], outbox_id=job.pk) == 0
    assert OutboxMessage.objects.filter(task="accounts.tasks.send_email").count() == 5
