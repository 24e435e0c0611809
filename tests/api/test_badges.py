"""/badge/<pair>/<kind>.svg and .json: the state as text and colour with an accessible
title, a shields.io endpoint body, cached with an ETag."""

import json
from xml.etree import ElementTree

import pytest
from django.test import Client

from channels_app.services.changes import channel_set_state
from channels_app.views.badges import COLOURS
from tests.factories import SOURCE, StateChangeFactory

from .conftest import at

pytestmark = pytest.mark.django_db
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def suspended(cn_us):
    StateChangeFactory(channel=cn_us, state="suspended", effective_at=at("2022-08-05"))
    return cn_us


def test_the_svg_badge_says_the_state_in_text_colour_and_title(suspended):
    response = Client().get("/badge/cn-us/military.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = ElementTree.fromstring(response.content)
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "CN–US military: suspended"
    assert svg.find(f"{SVG_NS}title").text == "CN–US military: suspended"
    texts = [t.text for t in svg.iter(f"{SVG_NS}text")]
    assert texts == ["CN–US military", "suspended"]
    fills = [r.get("fill") for r in svg.iter(f"{SVG_NS}rect")]
    assert fills[-1] == COLOURS["suspended"]


def test_the_shields_endpoint_json(suspended):
    body = json.loads(Client().get("/badge/us-cn/military.json").content)
    assert body == {
        "schemaVersion": 1,
        "label": "CN–US military",
        "message": "suspended",
        "color": "orange",
    }


@pytest.mark.parametrize(
    "path", ["/badge/cn-us/trade.svg", "/badge/zz-us/military.svg", "/badge/cnus/military.svg"]
)
def test_an_untracked_channel_gets_a_grey_badge_and_404(suspended, path):
    response = Client().get(path)
    assert response.status_code == 404
    assert b"not tracked" in response.content


def test_an_untracked_channel_in_json_is_an_error_badge(suspended):
    response = Client().get("/badge/cn-us/trade.json")
    assert response.status_code == 404
    assert json.loads(response.content)["isError"] is True


def test_badges_answer_304_and_change_after_a_change(suspended, django_capture_on_commit_callbacks):
    client = Client()
    etag = client.get("/badge/cn-us/military.svg")["ETag"]
    assert client.get("/badge/cn-us/military.svg", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert (
        client.get("/badge/cn-us/military.svg", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    )

    with django_capture_on_commit_callbacks(execute=True):
        channel_set_state(
            evidence=SOURCE,
            channel=suspended,
            state="open",
            effective_at=at("2023-11-15"),
            origin="manual",
        )

    response = client.get("/badge/cn-us/military.svg", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert b">open<" in response.content


# Today's output of the f-string version, before the template (same input, same bytes).
SVG_BEFORE_THE_TEMPLATE = [
    (
        ("CN–US military", "suspended", "#c2410c"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" width="169" height="20" role="img" '
            'aria-label="CN–US military: suspended">'
            '<title>CN–US military: suspended</title><rect width="98" height="20" '
            'fill="#555"/><rect x="98" width="71" height="20" fill="#c2410c"/>'
            '<g fill="#fff" text-anchor="middle" '
            'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
            '<text x="49.0" y="14">CN–US military</text><text x="133.5" '
            'y="14">suspended</text></g></svg>'
        ),
    ),
    (
        ("channel", "not tracked", "#616161"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" width="130" height="20" role="img" '
            'aria-label="channel: not tracked"><title>channel: not tracked</title>'
            '<rect width="56" height="20" fill="#555"/><rect x="56" width="74" height="20" '
            'fill="#616161"/><g fill="#fff" text-anchor="middle" '
            'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
            '<text x="28.0" y="14">channel</text><text x="93.0" y="14">not tracked</text>'
            "</g></svg>"
        ),
    ),
    (
        ("<a&b> \"q\" 's'", "open", "#2e7d32"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" width="125" height="20" role="img" '
            'aria-label="&lt;a&amp;b&gt; &quot;q&quot; &#x27;s&#x27;: open">'
            "<title>&lt;a&amp;b&gt; &quot;q&quot; &#x27;s&#x27;: open</title>"
            '<rect width="87" height="20" fill="#555"/><rect x="87" width="38" height="20" '
            'fill="#2e7d32"/><g fill="#fff" text-anchor="middle" '
            'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
            '<text x="43.5" y="14">&lt;a&amp;b&gt; &quot;q&quot; &#x27;s&#x27;</text>'
            '<text x="106.0" y="14">open</text></g></svg>'
        ),
    ),
]


@pytest.mark.parametrize(("args", "svg"), SVG_BEFORE_THE_TEMPLATE)
def test_the_template_draws_the_same_bytes_as_before(args, svg):
    from channels_app.views.badges import badge_svg_text

    assert badge_svg_text(*args) == svg


def test_a_badge_over_http_is_the_same_bytes_as_before(suspended):
    response = Client().get("/badge/us-cn/military.svg")
    assert response.content == SVG_BEFORE_THE_TEMPLATE[0][1].encode()


def test_label_text_is_escaped():
    from channels_app.views.badges import badge_svg_text

    svg = badge_svg_text("<a&b>", "open", "#000")
    assert "<a&b>" not in svg and "&lt;a&amp;b&gt;" in svg
    ElementTree.fromstring(svg)


def test_badges_take_get_and_head_only(suspended):
    assert Client().post("/badge/cn-us/military.svg").status_code == 405
    assert Client().head("/badge/cn-us/military.svg").status_code == 200
