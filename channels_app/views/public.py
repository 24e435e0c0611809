from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Channel


def dashboard(request: HttpRequest) -> HttpResponse:
    channels = Channel.objects.for_dashboard()
    return render(request, "channels/dashboard.html", {"channels": channels})


def channel_detail(request: HttpRequest, pair: str, kind: str) -> HttpResponse:
    raise NotImplementedError  # filled in by the dashboard work
