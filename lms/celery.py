"""The Celery application. Settings come from Django settings with the CELERY_ prefix."""

import os

from celery import Celery
from celery.signals import beat_init, worker_process_init, worker_ready, worker_shutdown

from certificates import memory

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# The process that runs tasks with --pool=solo or threads, and each prefork child.
worker_ready.connect(memory.freeze_start_up_objects)
worker_process_init.connect(memory.freeze_start_up_objects)


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
