"""The app's URLs plus /__bench/trivial, the baseline of bench/dashboard.py: a view that
does nothing, behind the same middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("__bench/trivial", trivial),
    path("", include("tracker.urls")),
]
