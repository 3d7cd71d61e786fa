"""The Celery application. Settings come from Django settings with the CELERY_ prefix."""

import logging
import os

from celery import Celery
from celery.signals import (
    beat_init,
    before_task_publish,
    setup_logging,
    task_postrun,
    task_prerun,
    worker_process_init,
    worker_ready,
    worker_shutdown,
)

from certificates import memory
from lms import request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# The process that runs tasks with --pool=solo or threads, and each prefork child.
worker_ready.connect(memory.freeze_start_up_objects)
worker_process_init.connect(memory.freeze_start_up_objects)


# The request id of the request that queued a task is the task's too (lms/request_id.py).
before_task_publish.connect(request_id.carry_into_task)
task_prerun.connect(request_id.adopt_in_task)
task_postrun.connect(request_id.leave_task)


# Django's LOGGING (lms/settings/base.py: plain or JSON, with the request id) is the one
# logging configuration, in the worker as in the web server: a receiver here tells Celery to
# leave it alone rather than put its own handlers and formats on the root logger.
# Its --loglevel still sets the root level, as before.
@setup_logging.connect
def _keep_django_logging(loglevel=None, **kwargs):
    if loglevel:
        logging.getLogger().setLevel(loglevel)


# Heartbeats for /healthz (monitoring/heartbeats.py): each worker from its own timer, beat at
# its start (then through its scheduled record_beat task).
# Imported when the signal fires: this module loads before Django's models are ready.
@worker_ready.connect
def _start_heartbeat(sender, **kwargs):
    from monitoring import heartbeats

    heartbeats.start_worker_heartbeat(sender)


@worker_shutdown.connect
def _forget_worker(sender, **kwargs):
    from monitoring import heartbeats

    heartbeats.forget_worker(sender)


@beat_init.connect
def _beat_started(sender, **kwargs):
    from monitoring import heartbeats

    heartbeats.beat_started(sender)
