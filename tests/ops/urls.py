"""Views that only tests need: one that logs, one that fails. The project's URLs follow."""

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

logger = logging.getLogger("tests.ops")


def logs(request: HttpRequest) -> HttpResponse:
    request.user.is_authenticated  # noqa: B018 - authentication runs, as in most views
    logger.warning("a line from a view")
    return HttpResponse("logged")


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom for reader@example.org with ct_secretTokenValue123")


urlpatterns = [
    path("test-ops/logs", logs),
    path("test-ops/fails", fails),
    path("", include("tracker.urls")),
]
