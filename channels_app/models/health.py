from django.db import models


class Heartbeat(models.Model):
    """The last time a periodic process proved it was alive (one row per name)."""

    name = models.CharField(max_length=64, unique=True)
    beat_at = models.DateTimeField()
    detail = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
