"""The Celery application. Settings come from Django settings with the CELERY_ prefix."""

import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

from certificates import memory

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# The process that runs tasks with --pool=solo or threads, and each prefork child.
worker_ready.connect(memory.freeze_start_up_objects)
worker_process_init.connect(memory.freeze_start_up_objects)
