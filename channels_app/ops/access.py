"""Who may read /metrics and /readyz: clients from METRICS_ALLOWED_IPS (addresses or
networks), or any client sending `Authorization: Bearer <METRICS_TOKEN>`. Anyone else gets a
bare 403, which says nothing about why."""

import hmac
import ipaddress
from collections.abc import Callable
from functools import cache, wraps
from typing import Any, TypeVar, cast

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from ..net.clients import client_ip, trusted_proxies

V = TypeVar("V", bound=Callable[..., Any])
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def address_allowed(request: HttpRequest) -> bool:
    """A request relayed by a proxy that is not trusted (X-Forwarded-For without
    API_NUM_PROXIES) is judged by nothing: a proxy on 127.0.0.1 would otherwise open the
    endpoints to the whole internet."""
    if request.META.get("HTTP_X_FORWARDED_FOR") and not trusted_proxies():
        return False
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(settings.METRICS_ALLOWED_IPS)))


def token_allowed(request: HttpRequest) -> bool:
    expected = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


def forbidden() -> HttpResponse:
    response = HttpResponse(b"", status=403, content_type="text/plain")
    add_never_cache_headers(response)
    return response


def operators_only(view: V) -> V:
    """The view (sync or async) answers allowed clients only."""
    if iscoroutinefunction(view):

        @wraps(view)
        async def guarded_async(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if token_allowed(request) or address_allowed(request):
                return await view(request, *args, **kwargs)
            return forbidden()

        return cast(V, markcoroutinefunction(guarded_async))

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if token_allowed(request) or address_allowed(request):
            return view(request, *args, **kwargs)
        return forbidden()

    return cast(V, guarded)
