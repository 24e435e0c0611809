"""Who may show our pages in a frame: nobody, except on the views marked `framable` (the
channel widget, made to be embedded on other sites).

Every response says so twice: `X-Frame-Options: DENY` (Django's XFrameOptionsMiddleware, for
old browsers) and `Content-Security-Policy: frame-ancestors 'none'` (this middleware; browsers
that know it ignore X-Frame-Options). A framable view's response carries
`frame-ancestors *` (any http(s) page) and no X-Frame-Options. The attributes are set on
the response object, never stored in the page cache, so a cached widget keeps them.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase

HEADER = "Content-Security-Policy"
DENY = "frame-ancestors 'none'"
ANYONE = "frame-ancestors *"


def framable(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Let any site frame this view's responses."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response.xframe_options_exempt = True  # type: ignore[attr-defined]
        response.frame_ancestors = ANYONE  # type: ignore[attr-defined]
        return response

    wrapper.framable = True  # type: ignore[attr-defined]  # tests list the framable routes
    return wrapper


class FrameAncestorsMiddleware:
    """Add the frame-ancestors directive to every response that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        directive = getattr(response, "frame_ancestors", DENY)
        policy = response.get(HEADER, "")
        if "frame-ancestors" not in policy:
            response[HEADER] = f"{policy.rstrip('; ')}; {directive}" if policy else directive
        return response
