"""Heartbeats: the last time each Celery worker and beat said it was alive."""

from django.db import models


class HeartbeatQuerySet(models.QuerySet):
    def workers(self):
        return self.filter(role=Heartbeat.Role.WORKER)

    def seen_since(self, moment):
        return self.filter(seen_at__gte=moment)


class Heartbeat(models.Model):
    """One row per worker (its Celery host name) and one for beat, updated in place.

    In the database rather than the cache: the web servers, workers and beat may run on
    different hosts, and `make demo`'s cache is each process's own memory."""

    class Role(models.TextChoices):
        WORKER = "worker", "worker"
        BEAT = "beat", "beat"

    name = models.CharField(max_length=255)
    role = models.CharField(max_length=10, choices=Role.choices)
    seen_at = models.DateTimeField()

    objects = HeartbeatQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name"], name="monitoring_one_heartbeat_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
