"""The site's own 404 page when DEBUG is on (as `make run` runs).

With DEBUG on, Django answers a 404 with its technical page (the URL patterns tried), which
is 800 px wide on a phone and not what someone trying the product should see. This
middleware answers such a 404 with templates/404.html instead, with the reason the view gave.
With DEBUG off it does nothing: Django renders templates/404.html itself. Responses that are
not HTML (the API's JSON errors, badges) are left as they are."""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.defaults import page_not_found


class SiteNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
        ):
            reason = getattr(request, "_not_found", None) or Http404()
            return page_not_found(request, reason)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, Http404):
            request._not_found = exception  # type: ignore[attr-defined]  # read in __call__
