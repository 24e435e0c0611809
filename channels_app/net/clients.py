"""The address of the client that sent a request, as rate limits and allow-lists see it."""

from django.conf import settings
from django.http import HttpRequest


def trusted_proxies() -> int:
    return settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0


def client_ip(request: HttpRequest) -> str:
    """With API_NUM_PROXIES trusted proxies in front, the address that many hops back in
    X-Forwarded-For; without, the connecting address."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = trusted_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    return hops[-min(proxies, len(hops))] or remote
