"""/badge/<pair>/<kind>.svg and .json: the state as text and colour with an accessible
title, a shields.io endpoint body, cached with an ETag."""

import json
from xml.etree import ElementTree

import pytest
from django.test import Client

from channels_app.services.changes import channel_set_state
from channels_app.views.badges import COLOURS
from tests.factories import StateChangeFactory

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
            channel=suspended, state="open", effective_at=at("2023-11-15"), origin="manual"
        )

    response = client.get("/badge/cn-us/military.svg", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert b">open<" in response.content


def test_label_text_is_escaped():
    from channels_app.views.badges import badge_svg_text

    svg = badge_svg_text("<a&b>", "open", "#000")
    assert "<a&b>" not in svg and "&lt;a&amp;b&gt;" in svg
    ElementTree.fromstring(svg)


def test_badges_take_get_and_head_only(suspended):
    assert Client().post("/badge/cn-us/military.svg").status_code == 405
    assert Client().head("/badge/cn-us/military.svg").status_code == 200
