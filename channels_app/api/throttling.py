"""Rate limits per client: anonymous callers by address, signed-in ones by user. The rates
are read from settings on each request (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]), so a
test or a deploy can change them without reloading the module."""

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRate:
    scope: str | None

    def get_rate(self) -> Any:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) if self.scope else None


class AnonThrottle(_LiveRate, AnonRateThrottle):
    pass


class UserThrottle(_LiveRate, UserRateThrottle):
    pass


class WebhookTestThrottle(_LiveRate, UserRateThrottle):
    """Each test event is an outbound request made while the client waits: a few a minute
    per user (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["webhook_test"] may change it)."""

    scope = "webhook_test"
    default_rate = "10/minute"

    def get_rate(self) -> Any:
        return super().get_rate() or self.default_rate
