import pytest

from accounts import demo as accounts_demo
from courses import demo
from courses.models import Cohort, Enrollment
from demo import loading
from tests.factories import make_course

pytestmark = pytest.mark.django_db
Status = Enrollment.Status


def _state():
    return sorted(
        Enrollment.objects.values_list("cohort__title", "learner__username", "status")
    ), sorted(Cohort.objects.values_list("title", "seats_taken"))


def test_the_demo_has_cohorts_a_waitlist_and_pending_requests_and_loads_twice_alike(demo_content):
    loading.load(demo_content, parts=loading.SITE_PARTS)
    accounts_demo.load(demo_content["people"])
    # The cms demo does not build courses yet; stand in for it with two Thai course pages.
    make_course()
    make_course()
    demo.load(demo_content["cohorts"])
    first = _state()
    demo.load(demo_content["cohorts"])

    assert _state() == first
    # Five in the full cohort, four who wait while the seats left are reserved for agencies.
    assert Enrollment.objects.filter(status=Status.WAITLISTED).count() == 9
    # The special cohort's five and learner60, whose agency approved (two-stage approval);
    # learner50 and learner52 wait for their agencies' coordinators.
    assert Enrollment.objects.filter(status=Status.PENDING).count() == 7
    assert set(
        Enrollment.objects.filter(status=Status.AGENCY_PENDING).values_list(
            "learner__username", flat=True
        )
    ) == {"learner50", "learner52"}
    assert Enrollment.objects.filter(learner__username="learner").exists()
    for cohort in Cohort.objects.all():
        assert cohort.seats_taken == cohort.enrollments.filter(status__in=Enrollment.SEATED).count()
        assert cohort.trainers.filter(username="trainer").exists()


def test_the_demo_creates_no_cohorts_without_courses(demo_content):
    demo.load(demo_content["cohorts"])
    assert not Cohort.objects.exists()


def test_the_demo_learners_my_learning_tells_a_story(client, demo_content):
    from courses import completion

    loading.load(demo_content, parts=loading.SITE_PARTS)  # the demo courses with their modules
    accounts_demo.load(demo_content["people"])
    demo.load(demo_content["cohorts"])
    demo.load(demo_content["cohorts"])

    mine = Enrollment.objects.filter(learner__username="learner").select_related("cohort")
    states = completion.progress_for(mine)
    by_status: dict = {}
    for enrollment in mine:
        by_status.setdefault(enrollment.status, []).append(states[enrollment.pk])
    [completed] = by_status[Status.COMPLETED]
    assert completed.rule_met and completed.modules_done == completed.modules_required > 1
    running, at_risk = sorted(by_status[Status.ENROLLED], key=lambda state: state.at_risk)
    assert not running.at_risk and running.sessions_attended == 1 and running.modules_done == 1
    assert at_risk.at_risk
    assert len(by_status[Status.PENDING]) == 1

    client.force_login(mine[0].learner)
    html = client.get("/en/me/").content.decode()
    assert html.count('role="alert"') == 1
    assert "Completed</h2>" in html


@pytest.mark.parametrize("hour", [3, 23])  # before and after the working day
def test_the_demo_learner_can_check_in_today_whatever_the_hour(demo_content, hour):
    import datetime

    import time_machine
    from django.utils import timezone

    from courses import checkin
    from courses.models import Attendance, Session

    today = timezone.localdate()
    moment = timezone.make_aware(datetime.datetime(today.year, today.month, today.day, hour, 30))
    with time_machine.travel(moment, tick=False):
        loading.load(demo_content, parts=loading.SITE_PARTS)
        accounts_demo.load(demo_content["people"])
        make_course()
        make_course()
        demo.load(demo_content["cohorts"])
        session = Session.objects.filter(starts_at__date=today).first()
        assert session is not None
        learner = session.cohort.enrollments.filter(status__in=Enrollment.SEATED).first().learner
        attendance = checkin.check_in(learner, session, Attendance.Method.QR)
    # The session is open all day: a check-in at any hour is on time, not "late".
    assert attendance.status == Attendance.Status.PRESENT


def test_demo_people_have_agreed_to_the_privacy_notice_as_sign_up_records_it(client, demo_content):
    from django.conf import settings

    from accounts.models import User

    loading.load(demo_content, parts=loading.SITE_PARTS)
    accounts_demo.load(demo_content["people"])
    learner = User.objects.get(username="learner")
    accepted = learner.privacy_accepted_at
    assert accepted is not None and learner.lawful_basis == settings.SIGNUP_LAWFUL_BASIS
    accounts_demo.load(demo_content["people"])  # a reload keeps the first acceptance
    learner.refresh_from_db()
    assert learner.privacy_accepted_at == accepted

    client.force_login(learner)
    html = client.get("/th/me/data/").content.decode()
    assert "ฐานทางกฎหมาย: –" not in html and "ความยินยอม" in html


def test_demo_cohorts_are_run_the_way_their_course_says(demo_content):
    loading.load(demo_content, parts=loading.SITE_PARTS)
    accounts_demo.load(demo_content["people"])
    demo.load(demo_content["cohorts"])

    cohorts = list(Cohort.objects.select_related("course"))
    assert cohorts
    for cohort in cohorts:
        assert cohort.delivery_mode == cohort.course.delivery_mode, cohort
        assert bool(cohort.venue) == (cohort.delivery_mode != "online"), cohort


def test_demo_qr_check_ins_are_the_learners_own_within_their_session(client, demo_content):
    from django.urls import reverse

    from courses.models import Attendance

    loading.load(demo_content, parts=loading.SITE_PARTS)
    accounts_demo.load(demo_content["people"])
    demo.load(demo_content["cohorts"])
    demo.load(demo_content["cohorts"])  # a reload adds no second check-in

    marks = Attendance.objects.select_related("session", "enrollment__learner")
    assert marks.exists()
    late = 0
    for mark in marks:
        session, learner = mark.session, mark.enrollment.learner
        assert (mark.method, mark.recorded_by) == (Attendance.Method.QR, learner)
        assert session.starts_at < mark.recorded_at < session.ends_at
        assert (mark.status == Attendance.Status.LATE) == session.is_late(mark.recorded_at)
        late += mark.status == Attendance.Status.LATE
        [row] = mark.history.all()
        assert (row.history_user, row.history_date, row.recorded_at) == (
            learner,
            mark.recorded_at,
            mark.recorded_at,
        )
    assert 0 < late < marks.count()

    mark = marks.filter(status=Attendance.Status.LATE).first()
    client.force_login(mark.session.cohort.trainers.get())
    sheet = reverse("courses_admin_attendance", args=[mark.session.cohort.code, mark.session.code])
    html = client.get(sheet, headers={"accept-language": "en"}).content.decode()
    assert f"QR code, {mark.enrollment.learner.display_name}, " in html
