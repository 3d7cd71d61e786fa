"""Go-live and expiry dates that editors set in Wagtail take effect: the beat runs Wagtail's
scheduled publishing every minute (cms.tasks.publish_scheduled_pages)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from cms.models import CoursePage
from cms.tasks import publish_scheduled_pages
from lms.celery import app
from tests.factories import make_bilingual, make_course, make_course_index

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def test_the_beat_runs_scheduled_publishing_every_minute():
    app.loader.import_default_modules()
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "cms.tasks.publish_scheduled_pages"
    ]
    assert entries and entries[0]["schedule"] <= 60
    assert "cms.tasks.publish_scheduled_pages" in app.tasks


def test_a_page_scheduled_to_go_live_is_published_once_its_time_has_passed(client):
    published, _english = make_bilingual(make_course, en={"title": "Published course"})
    # An editor writes a new course and schedules it for an hour from now.
    scheduled = CoursePage(
        title="หลักสูตรที่ตั้งเวลาเผยแพร่",
        slug="scheduled",
        summary="เปิดเผยแพร่ตามเวลาที่ตั้งไว้",
        live=False,
        go_live_at=timezone.now() + HOUR,
    )
    make_course_index().add_child(instance=scheduled)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert scheduled.revisions.filter(approved_go_live_at__isnull=False).exists()

    publish_scheduled_pages.apply().get()  # not yet due
    scheduled.refresh_from_db()
    assert not scheduled.live

    with time_machine.travel(timezone.now() + 2 * HOUR, tick=False):
        publish_scheduled_pages.apply().get()

    scheduled.refresh_from_db()
    assert scheduled.live
    assert client.get(scheduled.url).status_code == 200
    assert CoursePage.objects.get(pk=published.pk).live  # the other page was left alone


def test_a_page_past_its_expiry_is_unpublished(client):
    thai, english = make_bilingual(make_course, th={"slug": "expiring"}, en={"title": "Expiring"})
    thai.expire_at = timezone.now() + HOUR
    thai.save_revision().publish()
    thai.refresh_from_db()
    assert thai.live

    publish_scheduled_pages.apply().get()  # not yet expired
    thai.refresh_from_db()
    assert thai.live

    with time_machine.travel(timezone.now() + 2 * HOUR, tick=False):
        publish_scheduled_pages.apply().get()
        publish_scheduled_pages.apply().get()  # a second run changes nothing more

    thai.refresh_from_db()
    assert not thai.live and thai.expired
    assert client.get(thai.url or f"/th/courses/{thai.slug}/").status_code == 404
    english.refresh_from_db()
    assert english.live
