"""Framing (issue #13, item 6): other sites may frame the channel widget and nothing else.
Every other response says `frame-ancestors 'none'` and `X-Frame-Options: DENY`."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from channels_app.services.channels import channel_create
from tracker.framing import ANYONE, DENY, FrameAncestorsMiddleware

pytestmark = pytest.mark.django_db
WIDGET = "/embed/channels/cn-us/military/"


@pytest.fixture(autouse=True)
def channel():
    return channel_create(country_a="US", country_b="CN", kind="military")


def test_the_widget_may_be_framed_by_any_site():
    response = Client().get(WIDGET)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == ANYONE == "frame-ancestors *"
    assert "X-Frame-Options" not in response


def test_the_widget_stays_framable_when_served_from_the_cache_or_as_a_304():
    client = Client()
    first = client.get(WIDGET)
    cached = client.get(WIDGET)
    again = client.get(WIDGET, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    for response in (cached, again):
        assert response["Content-Security-Policy"] == "frame-ancestors *"
        assert "X-Frame-Options" not in response


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/channels/cn-us/military/",
        "/channels/cn-us/military/card.png",
        "/live/embed/channels/cn-us/military/",  # fetched by the widget, never framed
        "/live/channels/cn-us/military/",
        "/countries/",
        "/countries/cn/",
        "/about/",
        "/feeds/changes.atom",
        "/badge/cn-us/military.svg",
        "/api/v1/channels/",
        "/api/docs/",
        "/alerts/subscribe/",
        "/admin/login/",
        "/embed/channels/cn-us/naval/",  # a 404 under the widget's prefix
        "/no/such/page/",
    ],
)
def test_every_other_response_refuses_to_be_framed(path):
    response = Client().get(path)
    assert response["Content-Security-Policy"] == DENY == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"


def _routes(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def test_the_widget_is_the_only_framable_route():
    framable = [route for route, p in _routes(get_resolver()) if getattr(p.callback, "framable", 0)]
    assert framable == ["embed/channels/<pair:pair>/<str:kind>/"]


def test_a_policy_set_by_a_view_keeps_its_directives_and_gains_frame_ancestors(rf):
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(headers={"Content-Security-Policy": "default-src 'self';"})

    response = FrameAncestorsMiddleware(view)(rf.get("/"))
    assert response["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'none'"
