from django.db import models


class Heartbeat(models.Model):
    """The last time a periodic process proved it was alive (one row per name)."""

    name = models.CharField(max_length=64, unique=True)
    beat_at = models.DateTimeField()
    detail = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class SiteVersion(models.Model):
    """One row: the public-pages version (caching.version), given a new random value after
    every committed edit the public pages show. Random rather than counted, so that a value
    never comes back (a counter would, after a rollback: every test)."""

    value = models.BigIntegerField(default=0)
    bumped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"site version {self.value}"
