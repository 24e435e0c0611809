"""Rate limits per client: anonymous callers by address, signed-in ones by user. The rates
are read from settings on each request (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]), so a
test or a deploy can change them without reloading the module."""

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRate:
    scope: str

    def get_rate(self) -> Any:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_LiveRate, AnonRateThrottle):
    pass


class UserThrottle(_LiveRate, UserRateThrottle):
    pass
