"""Heartbeats from periodic work: read-only. The system health page itself is a view on the
channel admin (admin/channels_app/channel/system-health/), linked from the admin index."""

from django.contrib import admin
from django.utils import timezone
from django.utils.timesince import timesince

from ..models import Heartbeat
from .common import ReadOnlyAdmin


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("name", "beat_at", "age", "detail")

    @admin.display(description="Age")
    def age(self, obj: Heartbeat) -> str:
        return f"{timesince(obj.beat_at, timezone.now())} ago"
